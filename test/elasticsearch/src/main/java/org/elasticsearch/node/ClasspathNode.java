package org.elasticsearch.node;

import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

import java.util.List;

/**
 * A real Elasticsearch node whose plugins come from the classpath. Lives in org.elasticsearch.node
 * because NodeConstruction.prepareConstruction and NodeServiceProvider are package-private: this is
 * how Elasticsearch's own test framework starts nodes inside a JVM.
 */
public final class ClasspathNode extends Node {

    public ClasspathNode(Environment environment, List<Class<? extends Plugin>> pluginClasses) {
        super(NodeConstruction.prepareConstruction(environment, null, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, PluginsLoader ignored) {
                return new ClasspathPluginsService(env, pluginClasses);
            }
        }, true));
    }
}
