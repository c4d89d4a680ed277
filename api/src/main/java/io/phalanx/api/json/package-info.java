/**
 * What the validator-facing server and the beacon-node client share, written once: the Jackson
 * configuration and strict parsing ({@link io.phalanx.api.json.ApiJson}), the answer envelope, the
 * error body, the JSON and SSZ bodies of the API types, and which headers a passed-through request
 * keeps. Consensus types get their JSON from their SSZ schemas in the spec module. Uses {@code
 * io.phalanx.api} and the spec module.
 */
package io.phalanx.api.json;
