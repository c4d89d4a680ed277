package io.phalanx.cluster.deposit;

import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.util.Bytes;

/**
 * One deposit as the staking-deposit-cli writes it to {@code deposit-data.json}: the deposit
 * itself, its two roots (which the launchpad and the deposit contract check) and the network it
 * was signed for.
 */
public record DepositDataEntry(
    BlsPublicKey pubkey,
    Bytes withdrawalCredentials,
    long amountGwei,
    BlsSignature signature,
    Bytes depositMessageRoot,
    Bytes depositDataRoot,
    Network network) {}
