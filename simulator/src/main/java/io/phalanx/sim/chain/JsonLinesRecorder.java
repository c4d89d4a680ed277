package io.phalanx.sim.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Records a simulated chain's accepted messages as JSON lines ({@code phalanx simnet --record}):
 * the first line is the {@link RecordingHeader}, each further line one {@link RecordedMessage}.
 *
 * <p>The file appears only once its header is written (it is written aside and moved into place),
 * and each line goes to the file in one write with its newline, with nothing buffered in between,
 * so a process that dies leaves whole lines behind. A line is not forced to disk until {@link
 * #close()}: after a machine crash the last line may be cut short, which {@link #read(Path)}
 * ignores.
 *
 * <p>Recording never fails a request: the first write error stops the recording and is thrown by
 * {@link #close()}.
 */
public final class JsonLinesRecorder implements RecordSink, Closeable {
  private final FileChannel channel;
  private long recorded;
  private IOException failure;

  private JsonLinesRecorder(FileChannel channel) {
    this.channel = channel;
  }

  /** Creates (or replaces) {@code file} holding only the header line. */
  public static JsonLinesRecorder create(Path file, RecordingHeader header) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path staging = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
    try {
      try (FileChannel out = FileChannel.open(staging, StandardOpenOption.WRITE)) {
        writeFully(out, line(header.toJson()));
        out.force(true);
      }
      try {
        Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staging, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(staging);
    }
    return new JsonLinesRecorder(FileChannel.open(absolute, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
  }

  @Override
  public void record(RecordedMessage message) {
    byte[] line = line(message.toJson());
    synchronized (this) {
      if (failure != null || !channel.isOpen()) {
        return;
      }
      try {
        writeFully(channel, line);
        recorded++;
      } catch (IOException e) {
        failure = e;
      }
    }
  }

  /** How many messages were written. */
  public synchronized long recorded() {
    return recorded;
  }

  /**
   * Forces the file to disk and closes it.
   *
   * @throws IOException the first write error, if recording stopped early
   */
  @Override
  public synchronized void close() throws IOException {
    if (!channel.isOpen()) {
      return;
    }
    try (channel) {
      channel.force(true);
    }
    if (failure != null) {
      throw new IOException("recording stopped after " + recorded + " messages", failure);
    }
  }

  /** What a recording holds. */
  public record Recording(RecordingHeader header, List<RecordedMessage> messages) {
    public Recording {
      messages = List.copyOf(messages);
    }
  }

  /**
   * Reads a recording; a last line without its newline (cut short by a crash) is ignored.
   *
   * @throws IllegalArgumentException if the file has no header or a line is malformed, naming the line
   */
  public static Recording read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    // The element after the last newline is empty for a whole file, a cut-short line otherwise.
    int complete = lines.length - 1;
    if (complete < 1) {
      throw new IllegalArgumentException(file + " has no header line");
    }
    RecordingHeader header = parse(lines, 0, RecordingHeader::fromJson);
    List<RecordedMessage> messages = new ArrayList<>();
    for (int i = 1; i < complete; i++) {
      messages.add(parse(lines, i, RecordedMessage::fromJson));
    }
    return new Recording(header, messages);
  }

  private static <T> T parse(String[] lines, int index, Function<JsonNode, T> reader) {
    try {
      return reader.apply(Json.MAPPER.readTree(lines[index]));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("line " + (index + 1) + " is not JSON: " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("line " + (index + 1) + ": " + e.getMessage(), e);
    }
  }

  private static byte[] line(JsonNode json) {
    try {
      byte[] body = Json.MAPPER.writeValueAsBytes(json);
      byte[] line = new byte[body.length + 1];
      System.arraycopy(body, 0, line, 0, body.length);
      line[body.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a JSON tree always serializes", e);
    }
  }

  private static void writeFully(FileChannel out, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }
}
