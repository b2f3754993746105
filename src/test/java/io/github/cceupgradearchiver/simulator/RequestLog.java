package io.github.cceupgradearchiver.simulator;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every request a simulator received, as it arrived: what tests count and what they check was never sent. */
public final class RequestLog implements CceApiSimulator.RequestListener {

    private static final Pattern TASKS = Pattern.compile("/autopilot/v3/projects/[^/]+/clusters/([^/]+)/operation/upgrade/tasks/?");

    private final List<String> paths = new CopyOnWriteArrayList<>();

    @Override
    public void received(String method, String rawPath) {
        paths.add(rawPath);
    }

    /** Raw request paths, in the order they arrived. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    /** Task-list requests for the cluster, rejected ones included. */
    public int taskRequests(String clusterId) {
        return (int) paths.stream().map(path -> TASKS.matcher(URI.create(path).getPath())).filter(Matcher::matches)
                .filter(m -> m.group(1).equals(clusterId)).count();
    }

    public int total() {
        return paths.size();
    }
}
