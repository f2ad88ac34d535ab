package kcr.elasticsearch;

import org.elasticsearch.Build;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.transport.TransportService;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts ONE real Elasticsearch node in this JVM, for kcr's tests (test/elasticsearch/elasticsearchCluster.ts).
 *
 * Arguments are node settings in the form of Elasticsearch's own CLI: -Ekey=value (path.home is required).
 * Logs go to stderr. When HTTP and transport are bound, one line goes to stdout:
 *   KCR_ELASTICSEARCH_NODE {"name":..,"version":..,"http":"127.0.0.1:port","transport":"127.0.0.1:port"}
 * The node closes cleanly on SIGTERM, and when stdin reaches end of file (the parent process is gone).
 * With -Dkcr.deleteHomeOnExit=true it then deletes path.home (its data) and the directory holding it
 * once that is empty (the cluster's temporary directory), so no test leaves data behind.
 */
public final class LaunchNode {

    public static final String READY_PREFIX = "KCR_ELASTICSEARCH_NODE ";

    private LaunchNode() {}

    public static void main(String[] args) throws Exception {
        // Elasticsearch's logging set-up sends System.out to a logger: keep the real stdout for the ready line.
        PrintStream stdout = System.out;
        Settings settings = parseSettings(args);
        Path home = Path.of(settings.get("path.home"));
        Path config = home.resolve("config");
        Files.createDirectories(config);
        try (InputStream log4j = LaunchNode.class.getResourceAsStream("log4j2.properties")) {
            Files.copy(log4j, config.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }

        LogConfigurator.registerErrorListener();
        LogConfigurator.setClusterName(settings.get("cluster.name", "elasticsearch"));
        LogConfigurator.setNodeName(settings.get("node.name", "node"));
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), config, () -> "node");
        LogConfigurator.configure(environment, true);

        Node node = new ClasspathNode(environment, List.of(Netty4Plugin.class, RootInfoPlugin.class));
        boolean deleteHome = Boolean.getBoolean("kcr.deleteHomeOnExit");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close(node);
            if (deleteHome) {
                deleteTree(home);
                deleteIfEmpty(home.getParent());
            }
        }, "kcr-elasticsearch-close"));
        node.start();

        String http = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().toString();
        String transport = node.injector().getInstance(TransportService.class).boundAddress().publishAddress().toString();
        stdout.println(
            READY_PREFIX
                + "{\"name\":\"" + Node.NODE_NAME_SETTING.get(environment.settings())
                + "\",\"version\":\"" + Build.current().version()
                + "\",\"http\":\"" + http
                + "\",\"transport\":\"" + transport
                + "\",\"pid\":" + ProcessHandle.current().pid() + "}"
        );
        stdout.flush();

        // The parent holds our stdin open; when it exits (even killed), stdin ends and so does this node.
        while (System.in.read() != -1) {
            // nothing is read from stdin; it only tells us the parent is alive
        }
        System.exit(0);
    }

    private static Settings parseSettings(String[] args) {
        Settings.Builder builder = Settings.builder();
        for (String arg : args) {
            if (arg.startsWith("-E") == false || arg.indexOf('=') < 3) {
                throw new IllegalArgumentException("expected -Ekey=value, got [" + arg + "]");
            }
            int equals = arg.indexOf('=');
            builder.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        Settings settings = builder.build();
        if (settings.get("path.home") == null) {
            throw new IllegalArgumentException("-Epath.home=<dir> is required");
        }
        return settings;
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            e.printStackTrace();
        }
    }

    private static void deleteIfEmpty(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // not empty: another node of the cluster still uses it, and deletes it last
        }
    }

    private static void close(Node node) {
        try {
            node.prepareForClose();
            node.close();
            node.awaitClose(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            e.printStackTrace();
        }
    }
}
