/**
 * The beacon API both ways: the validator-facing HTTP server (Netty) and the beacon-node client with health checks and failover. Built by the running-cluster and failover issues.
 */
package io.phalanx.api;
