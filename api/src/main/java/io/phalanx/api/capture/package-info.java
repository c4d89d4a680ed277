/**
 * Recording whole HTTP exchanges (request and answer) of a beacon-API server, for the beacon-API
 * conformance suite and for debugging: off unless a {@link io.phalanx.api.capture.ExchangeCapture}
 * is set, and then each exchange is handed over once it is answered. Uses no other Phalanx package.
 */
package io.phalanx.api.capture;
