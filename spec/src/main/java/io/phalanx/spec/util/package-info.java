/**
 * The small value helpers every module shares: {@link io.phalanx.spec.util.Bytes} (immutable byte
 * strings with value equality), 0x-hex, SHA-256 and execution addresses. The bottom of the
 * dependency graph: uses no other io.phalanx package.
 */
package io.phalanx.spec.util;
