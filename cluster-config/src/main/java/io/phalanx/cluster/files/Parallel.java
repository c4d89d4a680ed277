package io.phalanx.cluster.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs slow, independent work (keystore KDFs are slow on purpose) across the machine's cores and
 * rethrows the first failure as it was thrown.
 */
public final class Parallel {
  private Parallel() {}

  public static <T> List<T> map(List<Callable<T>> tasks) {
    int threads = Math.max(1, Math.min(tasks.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "phalanx-parallel");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<T>> futures = tasks.stream().map(executor::submit).toList();
      List<T> results = new ArrayList<>(futures.size());
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      if (cause instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw new IllegalStateException(cause.getMessage(), cause);
    } finally {
      executor.shutdownNow();
    }
  }

  public static void run(List<Runnable> tasks) {
    map(tasks.stream().<Callable<Object>>map(r -> () -> {
      r.run();
      return null;
    }).toList());
  }
}
