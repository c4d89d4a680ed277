package io.phalanx.consensus.slashing;

/** What the slashing rules say of one signing. */
public sealed interface Verdict {
  /** Safe to sign, and new: recording it extends the history. */
  record Safe() implements Verdict {}

  /** Exactly this message (same slot or target, same signing root) was signed before: safe to sign again. */
  record AlreadySigned() implements Verdict {}

  /** Slashable or below the history: refused. */
  record Refused(Rule rule, String detail) implements Verdict {
    @Override
    public String toString() {
      return rule.label() + ": " + detail;
    }
  }

  Verdict SAFE = new Safe();
  Verdict ALREADY_SIGNED = new AlreadySigned();

  default boolean allowed() {
    return !(this instanceof Refused);
  }
}
