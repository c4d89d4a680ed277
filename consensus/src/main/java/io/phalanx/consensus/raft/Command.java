package io.phalanx.consensus.raft;

import io.phalanx.spec.util.Bytes;

/**
 * A Raft log entry: one kind byte, then the command's SSZ encoding. Kind 0 is a
 * {@link DutyCommand} (a proposal for a duty), kind 1 an {@link ImportCommand} (slashing-protection
 * history imported into one node, on its way to all of them).
 */
sealed interface Command permits DutyCommand, ImportCommand {
  byte DUTY = 0;
  byte IMPORT = 1;

  Bytes encode();

  /**
   * @throws IllegalArgumentException if the bytes are not a well-formed command, naming what is wrong
   */
  static Command decode(Bytes entry) {
    if (entry.size() == 0) {
      throw new IllegalArgumentException("an empty log entry is no command");
    }
    Bytes body = entry.slice(1, entry.size());
    return switch (entry.get(0)) {
      case DUTY -> DutyCommand.decodeBody(body);
      case IMPORT -> ImportCommand.decodeBody(body);
      default -> throw new IllegalArgumentException("unknown command kind " + entry.get(0));
    };
  }

  static Bytes frame(byte kind, byte[] body) {
    byte[] out = new byte[body.length + 1];
    out[0] = kind;
    System.arraycopy(body, 0, out, 1, body.length);
    return Bytes.of(out);
  }
}
