package io.phalanx.spec.types;

/**
 * The mainnet preset values the consensus types are shaped by (consensus-specs
 * presets/mainnet/{phase0,altair,bellatrix,capella,deneb,electra}.yaml). Presets fix SSZ limits,
 * so a type's root depends on them: they are compile-time constants here, not configuration.
 */
public final class MainnetPreset {
  // phase0
  public static final int MAX_VALIDATORS_PER_COMMITTEE = 2048;
  public static final int MAX_COMMITTEES_PER_SLOT = 64;
  public static final int MAX_PROPOSER_SLASHINGS = 16;
  public static final int MAX_DEPOSITS = 16;
  public static final int MAX_VOLUNTARY_EXITS = 16;
  public static final int DEPOSIT_CONTRACT_TREE_DEPTH = 32;

  // altair
  public static final int SYNC_COMMITTEE_SIZE = 512;

  /** A constant, not a preset value, in the spec; here because subcommittee sizes follow it. */
  public static final int SYNC_COMMITTEE_SUBNET_COUNT = 4;

  // bellatrix
  public static final int BYTES_PER_LOGS_BLOOM = 256;
  public static final int MAX_EXTRA_DATA_BYTES = 32;
  public static final int MAX_BYTES_PER_TRANSACTION = 1 << 30;
  public static final int MAX_TRANSACTIONS_PER_PAYLOAD = 1 << 20;

  // capella
  public static final int MAX_BLS_TO_EXECUTION_CHANGES = 16;
  public static final int MAX_WITHDRAWALS_PER_PAYLOAD = 16;

  // deneb
  public static final int MAX_BLOB_COMMITMENTS_PER_BLOCK = 4096;
  public static final int FIELD_ELEMENTS_PER_BLOB = 4096;
  public static final int BYTES_PER_FIELD_ELEMENT = 32;

  // fulu (PeerDAS): every blob is extended and proven cell by cell
  public static final int CELLS_PER_EXT_BLOB = 128;

  // electra
  public static final int MAX_ATTESTER_SLASHINGS_ELECTRA = 1;
  public static final int MAX_ATTESTATIONS_ELECTRA = 8;
  public static final int MAX_DEPOSIT_REQUESTS_PER_PAYLOAD = 8192;
  public static final int MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD = 16;

  /** 2 since consensus-specs v1.5.0-beta; earlier Electra drafts had 1. */
  public static final int MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD = 2;

  // Derived sizes the spec writes as expressions.

  /** Electra attestations and indexed attestations span a whole slot's committees. */
  public static final int MAX_ATTESTERS_PER_SLOT =
      MAX_VALIDATORS_PER_COMMITTEE * MAX_COMMITTEES_PER_SLOT;

  public static final int SYNC_SUBCOMMITTEE_SIZE =
      SYNC_COMMITTEE_SIZE / SYNC_COMMITTEE_SUBNET_COUNT;

  /** The deposit tree's branch plus the leaf count mixed into its root. */
  public static final int DEPOSIT_PROOF_LENGTH = DEPOSIT_CONTRACT_TREE_DEPTH + 1;

  public static final int BYTES_PER_BLOB = BYTES_PER_FIELD_ELEMENT * FIELD_ELEMENTS_PER_BLOB;

  private MainnetPreset() {}
}
