"""Closed-class cue words the rule components share (grammar, not gazetteers).

Gazetteers of names live in `extractors/patterns/*.jsonl`; these sets are function
words and head nouns that decide how a name is typed and how a number is read.
Frozen so no caller can extend them in place.
"""

from __future__ import annotations

# Labels in doc.spans["kg_entities"] -> kg.model entity types.
LABEL_TO_TYPE: dict[str, str] = {
    "MODEL": "Model",
    "METHOD": "Method",
    "DATASET": "Dataset",
    "METRIC": "Metric",
    "TASK": "Task",
}
MODEL_LIKE = frozenset({"MODEL", "METHOD"})
# `Span.kb_id_` of entity spans later components must keep exactly as they are (NER mentions
# in the "all" mode of `kg_ner_entities`): not extended, relabelled, replaced or dropped.
EXACT_KB_ID = "kg_ner_exact"
NER_KB_ID = "kg_ner"  # other entity spans of the statistical NER
# Span group of longer mentions of entities `kg_entities` names ("the TAC 2010 data set" of
# "TAC 2010"): the record's mentions only, never a result's or a claim's argument.
MENTIONS_KEY = "kg_mentions"

MODEL_HEADS = frozenset(
    "transformer transformers model models network networks net encoder decoder "
    "transducer bert gpt llm architecture architectures agent".split()
)
DATASET_HEADS = frozenset(
    "dataset datasets data-set data-sets benchmark benchmarks corpus corpora treebank "
    "database databases suite collection".split()
)
TASK_HEADS = frozenset(
    "recognition classification detection segmentation translation answering retrieval "
    "summarization summarisation verification selection generation parsing reasoning "
    "extraction linking inference understanding captioning tagging estimation "
    "forecasting matching labeling labelling".split()
)
METRIC_HEADS = frozenset(
    "accuracy precision recall f1 score scores error errors rate rates loss perplexity "
    "latency speedup speed-up throughput drop gain improvement improvements reduction "
    "increase decrease distance correlation auc bleu rouge miou iou map fid wer cer "
    "similarity coverage success performance neutrality retention exact-match "
    "bits/dim bpc bpd".split()
)
# Head words of what a number can measure, as results read them (wider than the words that
# type a new name: "time" or "memory" ends a metric phrase, not a name).
RESULT_METRIC_HEADS = METRIC_HEADS | frozenset(
    "accuracies losses speedups speed-ups gains psnr ssim lpips mae mse rmse auroc auprc ndcg "
    "mrr fps speed fidelity consistency robustness efficiency agreement kappa sensitivity "
    "specificity fscore f-score f-measure dice jaccard cost return returns reward rewards "
    "memory runtime time divergence overlap effectiveness dim acceleration usage consumption footprint "
    "overhead".split()
)
METHOD_HEADS = frozenset(
    "method methods technique techniques algorithm algorithms approach approaches "
    "framework frameworks mechanism objective objectives procedure strategy recipe "
    "module modules system systems sampler function".split()
)
TYPE_NOUN_LABEL: dict[str, str] = {
    **{w: "DATASET" for w in DATASET_HEADS | {"bases", "ontologies", "ontology", "kbs"}},
    **{w: "MODEL" for w in "model models architecture architectures network networks system".split()},
    **{w: "METHOD" for w in METHOD_HEADS - {"system", "systems"}},
    **{w: "METRIC" for w in "metric metrics measure measures".split()},
    **{w: "TASK" for w in "task tasks".split()},
}

# Capitalised words that are not entity names on their own.
NOT_NAMES = frozenset(
    """a an the we our this these that those it its in on of for with to by from and or but as
    at into over under however moreover furthermore finally first second third then here there
    while when where which who whose what how why although though since because thus hence
    also both each all any many most more some such other several existing recent results
    introduction conclusions conclusion background methods results objective purpose abstract
    english french german chinese japanese korean arabic spanish italian russian hindi
    portuguese dutch vietnamese turkish persian urdu bengali indonesian swahili
    nvidia google meta microsoft openai deepmind amazon apple facebook github hugging face
    huggingface pytorch tensorflow jax python java javascript latex arxiv youtube twitter
    reddit wikipedia? ieee acm phd
    nlp ai ml dl llm llms lm lms mllm mllms vlm vlms gpu gpus cpu cpus tpu tpus api apis url
    pdf html sql json xml csv usa uk eu covid covid-19 sota dna rna mri ct ecg eeg iot rgb
    ii iii iv vi vii viii ix xi
    top-1 top-3 top-5 top-10 top-k roi rois lidar radar dof 2-dof 3-dof 6-dof 2d 3d 4d
    state-of-the-art out-of-distribution out-of-domain out-of-vocabulary point-of-care
    proof-of-concept state-of-the-arts end-to-end plug-and-play off-the-shelf
    db ghz mhz khz gflops tflops flops gb mb kb tb wi-fi wifi bluetooth
    rtx gtx jetson a100 h100 v100 a6000 xeon snapdragon raspberry
    slms lmms lvlms
    january february march april june july august september october november december
    """.replace("?", "").split()
)
GENERIC_NAMES = frozenset(
    """large language model|large language models|language model|language models|
    natural language processing|artificial intelligence|machine learning|deep learning|
    neural network|neural networks|deep neural network|deep neural networks|
    pre-trained language model|pre-trained language models|pretrained language models|
    multimodal large language model|multimodal large language models|
    vision language model|vision language models|vision-language models|
    foundation model|foundation models|generative ai|explainable ai""".replace("\n", "").replace("    ", "").split("|")
)

PROPOSAL_VERBS = frozenset(
    """propose proposes proposed introduce introduces introduced present presents presented
    develop develops developed design designs designed construct constructs constructed
    build builds create creates created release releases devise devises devised
    contribute contributes""".split()
)
# Tokens that end the search for what a proposal verb introduces.
PROPOSAL_BLOCKERS = frozenset(
    "to that which who between of on in with by from than whether how what when where "
    "while if as . ; : improvements into".split()
)
# Words before "on"/"across" that make what follows an evaluation set: "experiments on
# X and Y", "trained on X", "achieves 61% on X" (not "based on X", "built on X").
EVALUATION_CUES = frozenset(
    """evaluate evaluated evaluates evaluating evaluation evaluations experiment experiments
    experimental result results benchmark benchmarks benchmarked benchmarking test tests
    tested testing performance performances accuracy trained train training fine-tuned
    finetuned fine-tune fine-tuning pretrained pre-trained sota state-of-the-art achieve
    achieves achieved achieving outperform outperforms outperforming surpass surpasses
    improvement improvements gain gains score scores validated validate validation
    studies study demonstrate demonstrated""".split()
)
NAMING_CUES = frozenset({"called", "named", "dubbed", "termed", "namely"})
LIST_CUES = frozenset({"such", "including", "e.g.", "e.g", "eg", "i.e.", "namely", "like"})

# --- comparative claims (`kg_claims`) ---------------------------------------------------
OUTPERFORM_VERBS = frozenset(
    """outperform outperforms outperformed outperforming surpass surpasses surpassed
    surpassing exceed exceeds exceeded exceeding beat beats beating dominate dominates
    dominating outscore outscores outscored outscoring outclass outclasses outclassed
    outpace outpaces outpaced outpacing""".split()
)
# "X's improvement over Y", "X improves upon Y": the winner before, the loser after.
OVER_CUES = frozenset(
    f"{head} {prep}" for prep in ("over", "upon") for head in
    """improvement improvements gain gains advantage advantages edge improves improve improved
    improving margin margins reduction reductions speedup speedups speed-up boost boosts preferred favored
    wins""".split()
)
# "Y underperforms X", "Y lags behind X": the loser before, the winner after.
UNDERPERFORM_CUES = frozenset(
    """underperform|underperforms|underperformed|underperforming|lags behind|lag behind|lagged behind|
    lagging behind|lags far behind|lag far behind|lagged far behind|lagging far behind|falls short of|fall short of|
    fell short of|falling short of|falls far short of|inferior to|trails|trailed|trailing"""
    .replace("\n    ", "").split("|")
)
COMPARISON_CUES = frozenset(
    "compared to|compared with|in comparison to|in comparison with|relative to".split("|")
)
HEDGES = frozenset({"match", "matches", "matching", "rival", "rivals", "or"})
# Words in front of a cue that deny it ("none of them could outperform").
NEGATIONS = frozenset("not n't never no none cannot fail fails failed failing unable".split())
# Words that make a comparison a draw, not a win ("competitive compared to X").
DRAW_CUES = frozenset(
    "comparable competitive similar par close matching matches match equivalent indistinguishable".split()
)
# Words that make a comparison a win ("improves F1 by 10 points compared with X").
GAIN_CUES = frozenset(
    """improve improves improved improving improvement improvements gain gains boost boosts
    boosted better higher superior outperform outperforms outperforming outperformed
    surpass surpasses surpassing surpassed increase increases increased reduce reduces
    reduced reduction reductions lower faster speedup speed-up advantage advantages
    enhances enhanced stronger exceeds exceeding raises raised highest best superiority
    speeds accelerates accelerated""".split()
)
COMPARATIVES = frozenset(
    "better higher lower faster stronger more superior greater larger smaller fewer".split()
)
# Words that make a losing noun phrase generic: "prior pruning approaches", "strong baselines",
# "much larger open-source models".
GENERIC_MODIFIERS = frozenset(
    """previous prior other conventional strong stronger strongest current competitive standard
    traditional baseline baselines all several many various recent popular leading best top
    state-of-the-art sota open-source closed-source open proprietary mainstream commercial
    alternative classical classic typical common prevailing representative related advanced
    dedicated established vanilla naive simple simpler larger smaller bigger much general
    generic competing comparative corresponding original powerful well-known widely-used
    specialized specialised non-fine-tuned fine-tuned similar respective same large small big compared
    evaluated tested considered listed above diverse different multiple numerous base remaining""".split()
)
# Determiners and neutral words dropped in front of a losing noun phrase.
LOSER_DETERMINERS = frozenset(
    "the a an both all its their these those some such existing comparable most any every".split()
)
GENERIC_LOSER_HEADS = frozenset(
    """baseline baselines work works method methods approach approaches model models
    technique techniques system systems counterpart counterparts alternative alternatives
    state-of-the-art art competitor competitors ones architectures solutions metrics""".split()
)
# Heads a descriptive class of models can have ("sparse attention models", "image-based methods").
CLASS_HEADS = frozenset(
    """models methods approaches techniques systems architectures networks algorithms frameworks
    detectors classifiers transformers encoders decoders solvers planners probes estimators
    optimizers learners agents pipelines""".split()
)
SELF_REFERENCES = frozenset(
    """model method approach framework system architecture technique algorithm network
    sampler recipe pipeline solution module agent strategy scheme""".split()
)

COUNT_NOUNS = frozenset(
    """parameter parameters param params token tokens entity entities figure figures paper
    papers image images sample samples example examples molecule molecules layer layers
    sequence sequences sentence sentences document documents word words hour hours gpu gpus
    language languages class classes category categories question questions pair pairs user
    users patient patients video videos frame frames instance instances node nodes edge
    edges step steps epoch epochs task tasks dataset datasets benchmark benchmarks expert
    experts head heads article articles annotation annotations participant participants
    subject subjects label labels item items query queries dialogue dialogues clip clips
    hours minutes seconds days years times bit bits flops gflops tflops macs gmacs shot shots
    way ways turn turns domain domains model models environment environments scene scenes
    point-clouds trajectory trajectories episode episodes game games agent agents
    record records file files line lines case cases cohort million billion thousand
    hundred trillion""".split()
)
# Change verbs: what they act on is what a "by"/"to"/"from" number measures ("reduces the
# WER from 51.3 to 30.0", "improves F1 by 2.1", "boosts throughput by 22%").
CHANGE_VERBS = frozenset(
    """improve improves improved improving increase increases increased increasing boost boosts
    boosted boosting reduce reduces reduced reducing decrease decreases decreased decreasing
    raise raises raised raising lift lifts lifted lifting enhance enhances enhanced enhancing lower
    lowers lowered lowering cut cuts cutting drop drops dropped dropping rise rises rose
    rising fall falls fell falling decline declines declined declining grow grows grew growing
    accelerate accelerates accelerated accelerating speeds sped shrink shrinks
    narrows narrowed narrowing closes closed closing jumps jumped
    double doubles doubled doubling triple triples tripled tripling halve halves halved halving""".split()
)
# Verbs that report a result ("X achieves 91.2%", "accuracies reach 90.2%").
RESULT_VERBS = frozenset(
    """achieve achieves achieved achieving reach reaches reached reaching obtain obtains obtained
    obtaining attain attains attained attaining yield yields yielded yielding score scores
    scored scoring record records recorded deliver delivers delivered delivering get gets
    got retain retains retained retaining maintain maintains maintained maintaining
    recover recovers recovered recovering hit hits establishes established sets set""".split()
)
DELTA_CUES = frozenset(
    "drop drops gain gains improvement improvements increase increases decrease decreases "
    "reduction reductions boost boosts degradation margin saving savings".split()
)
# Words after a number that make it a comparison with something else ("3 points higher").
DELTA_COMPARATIVES = frozenset("higher lower better worse more less fewer greater smaller larger above below".split())
# Words before the object a delta is measured against ("2.1 points over BERT").
BASELINE_CUES = frozenset("over than against versus vs vs. compared relative unlike upon".split())
RESULT_SKIP_BEFORE = frozenset(
    """: = of is was are were be been reaches reached reaching achieves achieved achieving obtains
    obtained obtaining attains attained yields yielded about around approximately roughly
    nearly almost over above below under up to only just a an the < > ≤ ≥ ~ ≈ as high low than
    at value values mere record new""".split()
)
# Words that name a part of a task or a paper, not a model ("Subtask 3", "Track 2", "Table 1").
PART_WORDS = frozenset("subtask task track stage phase level table section figure part step".split())
# Words that make the number after them a setting, not an outcome ("learning rate of 0.001").
SETTING_WORDS = frozenset(
    """lr temperature dropout decay momentum rank beam window threshold thresholds seed seeds
    epsilon alpha beta gamma lambda budget budgets sparsity pruning masking compression noise
    resolution bitrate bitrates k n p top-k top-p width depth dimension dimensions horizon
    length lengths frequency interval order stage stages phase phases version release table
    tables section sections figure fig fig. eq eq. equation appendix subtask subtasks track
    tracks round rounds""".split()
)
# Words a percentage is a share of, not a score ("10% of the labels", "pruning 75% of tokens").
SHARE_NOUNS = COUNT_NOUNS | frozenset(
    """data training labeled unlabeled labelled unlabelled pseudo-labels weights vocabulary
    compute budget memory population respondents cases time runs""".split()
)

# Metric words too generic to be an entity unless a result in the paper measures them.
GENERIC_METRICS = frozenset(
    "accuracy precision recall latency throughput speedup performance error loss memory footprint".split("|")[0].split()
    + ["memory footprint"]
)
# Metric words too generic to be a Metric node even when a result measures them.
WEAK_METRICS = frozenset(
    """performance average faster slower drop drops gain gains improvement improvements higher lower
    better increase decrease reduction boost result results score scores value values margin
    degradation quality effectiveness efficiency""".split()
)
