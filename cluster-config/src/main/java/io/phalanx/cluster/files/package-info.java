/**
 * File writing that an interrupted command cannot leave half done
 * ({@link io.phalanx.cluster.files.SafeFiles}: temporary name, flush, rename; secrets 0600) and
 * slow independent work spread over the cores ({@link io.phalanx.cluster.files.Parallel}). Uses no
 * other io.phalanx package.
 */
package io.phalanx.cluster.files;
