package io.phalanx.consensus.parsigex;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes a message's bytes as they are, for the receiver to parse itself. */
final class RawBytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
  @Override
  public InputStream stream(byte[] value) {
    return new ByteArrayInputStream(value);
  }

  @Override
  public byte[] parse(InputStream stream) {
    try {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw Status.INTERNAL.withDescription("cannot read a message: " + e.getMessage()).withCause(e)
          .asRuntimeException();
    }
  }
}
