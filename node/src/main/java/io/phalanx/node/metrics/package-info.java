/**
 * What an operator watches: the node's Prometheus metrics ({@link io.phalanx.node.metrics.NodeMetrics}),
 * the monitoring endpoint with {@code /metrics}, {@code /livez} and {@code /readyz}
 * ({@link io.phalanx.node.metrics.MonitoringServer}, {@link io.phalanx.node.metrics.Readiness}); the
 * beacon nodes' health comes from the failover client through {@link io.phalanx.api.BeaconNodeHealth}.
 * Components are observed from outside, through listeners and callbacks; none of them holds metric
 * code. It may use spec, the cluster lock, consensus (Raft and exchange statistics), api (health and
 * the server's request observer) and the duties' listener; the runtime wires it in.
 */
package io.phalanx.node.metrics;
