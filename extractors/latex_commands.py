"""What each LaTeX command of an abstract becomes: kept text, dropped, a symbol or an accent.
Data for `extractors.markup`.
"""

from __future__ import annotations

__all__ = [
    "ACCENTS",
    "DROP_ALONE",
    "DROP_WITH_ARGS",
    "GLUED_TO_WORD",
    "KEEP_TEXT",
    "SUPERSCRIPTS",
    "SYMBOLS",
    "TEXT_ACCENTS",
    "TWO_ARGUMENTS",
]

# Commands whose last brace argument is text to keep (earlier arguments, e.g. a colour, go).
KEEP_TEXT = frozenset(
    """textbf textit emph textsc texttt textsf textrm textup textmd textsl textnormal text mbox hbox
    underline uline ul url nolinkurl href textcolor colorbox keywords Keywords mathbf mathrm mathit
    mathsf mathtt mathcal mathbb mathfrak mathscr mathnormal boldsymbol bm operatorname textsubscript
    mathds pmb bold fbox framebox makebox raisebox smash""".split()
)
# Commands that go with every argument that follows them.
DROP_WITH_ARGS = frozenset(
    """cite citep citet citealp citealt citeauthor citeyear citenum parencite textcite autocite
    footcite nocite ref eqref autoref cref Cref pageref label footnote footnotetext footnotemark
    blfootnote thanks vspace hspace vskip hskip includegraphics color begin end index
    bibliography bibliographystyle pagestyle thispagestyle setlength addtolength newcommand
    renewcommand providecommand def let phantom hphantom vphantom""".split()
)
# Commands with two brace arguments (the last one is the text, for those that keep text).
TWO_ARGUMENTS = frozenset("href textcolor colorbox raisebox newcommand renewcommand providecommand setlength "
                           "addtolength".split())
# Dropped commands that stick to the word before them, with the space between.
GLUED_TO_WORD = frozenset(
    """cite citep citet citealp citealt citenum parencite autocite footcite nocite ref eqref autoref
    cref Cref pageref label footnote footnotemark blfootnote thanks""".split()
)
# Commands whose following argument is not read: switches, spacing, unknown macros.
DROP_ALONE = frozenset(
    """em it bf sc tt sf rm sl up md bfseries itshape scshape ttfamily sffamily rmfamily upshape
    normalfont small footnotesize scriptsize tiny large Large LARGE huge Huge normalsize centering
    raggedright raggedleft noindent indent par medskip smallskip bigskip newpage clearpage
    pagebreak relax fi iffalse iftrue xspace protect null hfill vfill maketitle item displaystyle
    textstyle scriptstyle limits nolimits left right big Big bigg Bigg bigl bigr Bigl Bigr
    biggl biggr middle nonumber notag""".split()
)
# Commands and escapes -> text, in text and in math.
SYMBOLS: dict[str, str] = {
    "%": "%", "&": "&", "_": "_", "#": "#", "$": "$", "{": "{", "}": "}", " ": " ", "\n": " ",
    "-": "", "/": "", ",": " ", ";": " ", ":": " ", "!": "", ">": " ", "|": "‖", "\\": " ",
    "quad": " ", "qquad": " ", "enspace": " ", "thinspace": " ", "newline": " ", "linebreak": " ",
    "and": " and ", "times": "×", "pm": "±", "mp": "∓", "sim": "~", "approx": "≈", "simeq": "≃",
    "cong": "≅", "geq": "≥", "ge": "≥", "leq": "≤", "le": "≤", "geqslant": "≥", "leqslant": "≤",
    "neq": "≠", "ne": "≠", "gg": "≫", "ll": "≪", "equiv": "≡", "propto": "∝", "cdot": "·",
    "cdots": "…", "ldots": "…", "dots": "…", "textellipsis": "…", "div": "÷", "ast": "*",
    "star": "*", "bullet": "•", "circ": "∘", "degree": "°", "textdegree": "°", "infty": "∞",
    "to": "→", "rightarrow": "→", "longrightarrow": "→", "Rightarrow": "⇒", "leftarrow": "←",
    "gets": "←", "Leftarrow": "⇐", "leftrightarrow": "↔", "Leftrightarrow": "⇔", "mapsto": "↦",
    "uparrow": "↑", "downarrow": "↓", "Uparrow": "⇑", "Downarrow": "⇓", "in": "∈",
    "notin": "∉", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "cup": "∪", "cap": "∩",
    "setminus": "∖", "emptyset": "∅", "forall": "∀", "exists": "∃", "neg": "¬", "lnot": "¬",
    "land": "∧", "wedge": "∧", "lor": "∨", "vee": "∨", "oplus": "⊕", "otimes": "⊗",
    "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "int": "∫", "prime": "′",
    "dagger": "†", "ddagger": "‡", "mid": "|", "vert": "|", "Vert": "‖", "langle": "⟨",
    "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "ell": "ℓ",
    "hbar": "ħ", "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "checkmark": "✓", "S": "§", "P": "¶",
    "copyright": "©", "textregistered": "®", "texttrademark": "™", "textendash": "–",
    "textemdash": "—", "textasciitilde": "~", "textbackslash": "\\", "textbar": "|",
    "textless": "<", "textgreater": ">", "textpm": "±", "texttimes": "×", "textmu": "µ",
    "textquotesingle": "'", "textquotedblleft": '"', "textquotedblright": '"', "lq": "'",
    "rq": "'", "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
    "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "LaTeX": "LaTeX", "TeX": "TeX",
    "eg": "e.g.", "ie": "i.e.", "etal": "et al.", "etc": "etc.", "vs": "vs.", "wrt": "w.r.t.",
    "cf": "cf.", "aka": "a.k.a.", "log": "log", "ln": "ln", "exp": "exp", "max": "max",
    "min": "min", "argmax": "argmax", "argmin": "argmin", "arg": "arg", "sup": "sup",
    "inf": "inf", "lim": "lim", "sin": "sin", "cos": "cos", "tan": "tan", "tanh": "tanh",
    "det": "det", "dim": "dim", "ker": "ker", "deg": "deg", "Pr": "Pr", "mod": "mod",
    "bmod": "mod", "pmod": "mod",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
# Accent commands -> combining marks ("\\'e", "\\'{e}", "\\v{c}", "\\c c").
ACCENTS: dict[str, str] = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331", "hat": "\u0302", "tilde": "\u0303",
    "bar": "\u0304", "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308", "acute": "\u0301",
    "grave": "\u0300", "breve": "\u0306", "check": "\u030c", "widehat": "\u0302",
    "widetilde": "\u0303", "overline": "\u0305",
}
TEXT_ACCENTS = frozenset("'`^\"~=.")  # one-symbol accent commands (in math "\\," etc. are spaces)
SUPERSCRIPTS = dict(zip("0123456789+-−=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ", strict=True)) | {
    "∘": "°", "°": "°", "*": "*", "′": "′", "'": "′", "†": "†", "‡": "‡", "⋆": "*",
}
