/**
 * The duty workflow: scheduler, fetcher, decided-duty store, partial-signature store, aggregation, broadcast and tracker. Built by the running-cluster issue.
 */
package io.phalanx.duties;
