/**
 * {@code deposit-data.json} in the staking-deposit-cli's format: one entry per validator with its
 * deposit, roots and network, and the withdrawal credentials and signing roots behind them. May use
 * spec ({@code util}, {@code bls}, {@code network}, {@code signing}, {@code types}) only.
 */
package io.phalanx.cluster.deposit;
