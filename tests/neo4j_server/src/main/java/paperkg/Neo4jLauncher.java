package paperkg;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;

/**
 * Starts a real Neo4j 5.26 server in-process (Bolt only, no HTTP, authentication on).
 *
 * <pre>
 *   java -cp target/neo4j-launcher.jar:$(cat target/classpath.txt) paperkg.Neo4jLauncher \
 *        [PORT] [PASSWORD] [DATA_DIR] [--exit-on-stdin-eof]
 * </pre>
 *
 * Positional arguments fall back to the environment variables NEO4J_PORT (default 7687; 0 picks a
 * free port), NEO4J_PASSWORD (required) and NEO4J_DATA_DIR (default: a fresh temporary directory).
 * NEO4J_PAGECACHE (default "128m") sets the page cache size. NEO4J_COPY_FROM names a Neo4j home
 * whose {@code data} folder {@code neo4j-admin database import} wrote: the server starts from a copy
 * of it (a store bulk-imported offline, served over Bolt).
 *
 * When Bolt accepts connections it prints exactly one line {@code NEO4J_READY bolt://127.0.0.1:PORT}
 * on stdout. It stops cleanly on SIGTERM/SIGINT and, with {@code --exit-on-stdin-eof} (or
 * NEO4J_EXIT_ON_STDIN_EOF=1), when its standard input is closed, so that it never outlives a parent
 * process that holds the other end of the pipe. On a start-up failure it prints
 * {@code NEO4J_FAILED <reason>} on stdout and exits with status 1. With {@code --warmup} it runs a few
 * queries right after start-up and exits (used to record a class-data-sharing archive).
 */
public final class Neo4jLauncher {

    private Neo4jLauncher() {}

    public static void main(String[] argv) {
        boolean exitOnStdinEof = "1".equals(System.getenv("NEO4J_EXIT_ON_STDIN_EOF"));
        boolean warmup = false;
        java.util.List<String> args = new java.util.ArrayList<>();
        for (String a : argv) {
            if (a.equals("--exit-on-stdin-eof")) {
                exitOnStdinEof = true;
            } else if (a.equals("--warmup")) {
                warmup = true;
            } else if (a.equals("-h") || a.equals("--help")) {
                System.out.println("usage: Neo4jLauncher [PORT] [PASSWORD] [DATA_DIR] [--exit-on-stdin-eof] [--warmup]");
                return;
            } else {
                args.add(a);
            }
        }

        final Neo4j neo4j;
        final String uri;
        try {
            int port = Integer.parseInt(arg(args, 0, "NEO4J_PORT", "7687"));
            String password = arg(args, 1, "NEO4J_PASSWORD", null);
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("a password is required (argument 2 or NEO4J_PASSWORD)");
            }
            String dir = arg(args, 2, "NEO4J_DATA_DIR", null);
            Path dataDir = dir == null ? Files.createTempDirectory("paperkg-neo4j-") : Path.of(dir);
            Files.createDirectories(dataDir);
            long pageCache = ByteUnit.parse(env("NEO4J_PAGECACHE", "128m"));

            org.neo4j.harness.Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(dataDir);
            String copyFrom = env("NEO4J_COPY_FROM", "");
            if (!copyFrom.isEmpty()) {
                builder = builder.copyFrom(Path.of(copyFrom));
            }
            neo4j = builder
                    .withDisabledServer()
                    .withConfig(BoltConnector.enabled, true)
                    .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .withConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .withConfig(GraphDatabaseSettings.auth_enabled, true)
                    .withConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                    // Tests log in with wrong passwords on purpose: never lock the user out
                    // (by default 3 failures lock it for 5 s, even for the right password).
                    .withConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                    .withConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                    // No usage-data reporting: there is no internet here and it only costs time.
                    .withConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Netty's graceful shutdown waits a 5 s quiet period per event loop group by
                    // default (about 10 s per stop); a throw-away test server needs none.
                    .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                    .withConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
                    .build();

            // Register the hook first so that a failure below still shuts the server down.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                long t0 = System.nanoTime();
                try {
                    neo4j.close();
                    System.err.printf("Neo4j stopped in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
                } catch (Throwable t) {
                    t.printStackTrace();
                }
            }, "neo4j-shutdown"));

            // The embedded API runs with full rights and bypasses authentication, so the initial
            // password of the default user is set through the system database.
            GraphDatabaseService system =
                    neo4j.databaseManagementService().database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));

            URI bolt = neo4j.boltURI();
            uri = "bolt://127.0.0.1:" + bolt.getPort();
            System.err.println("Neo4j " + org.neo4j.kernel.internal.Version.getNeo4jVersion()
                    + " working directory: " + neo4j.config().get(GraphDatabaseSettings.neo4j_home));
        } catch (Throwable t) {
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            System.out.println("NEO4J_FAILED " + t + (root == t ? "" : " (root cause: " + root + ")"));
            System.out.flush();
            t.printStackTrace();
            System.exit(1);
            return;
        }

        System.out.println("NEO4J_READY " + uri);
        System.out.flush();

        if (warmup) {
            // Used once at build time with -XX:ArchiveClassesAtExit: load the classes of a
            // typical query so that the class-data-sharing archive covers them, then stop.
            GraphDatabaseService db = neo4j.defaultDatabaseService();
            db.executeTransactionally("CREATE (n:Warmup {a: 1})-[:R]->(m:Warmup {a: 2}) RETURN n.a, m.a");
            db.executeTransactionally("MERGE (n:Warmup {a: $a}) SET n.b = 'x' RETURN count(n)", Map.of("a", 1L));
            db.executeTransactionally("MATCH (n:Warmup) WHERE n.a > 0 DETACH DELETE n");
            System.exit(0);
        }

        if (exitOnStdinEof) {
            Thread watcher = new Thread(() -> {
                InputStream in = System.in;
                byte[] buf = new byte[256];
                try {
                    while (in.read(buf) >= 0) {
                        // ignore input; only the end of the stream matters
                    }
                } catch (IOException ignored) {
                    // treat a broken stdin like EOF
                }
                System.err.println("stdin closed: stopping Neo4j");
                System.exit(0);
            }, "stdin-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }

        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    private static String arg(java.util.List<String> args, int i, String envName, String dflt) {
        if (args.size() > i && !args.get(i).isEmpty()) {
            return args.get(i);
        }
        return env(envName, dflt);
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? dflt : v;
    }
}
