package io.phalanx.sim.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A line chart over the slots of a run, with y from 0 to 1 shown in percent and the faults marked
 * as shaded bands on the time axis: drawn as inline SVG for the HTML report and as a PNG (with
 * java.awt, headless) from the same geometry.
 */
record Chart(String title, String yLabel, long firstSlot, long slots, long slotsPerEpoch, List<Series> series, List<Band> bands) {
  record Series(String name, String color, List<double[]> points) {}

  /** A fault from slot {@code from} to {@code until} (exclusive), labelled. */
  record Band(String label, double from, double until) {}

  static final int WIDTH = 900;
  static final int HEIGHT = 340;
  private static final int LEFT = 60;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 70;
  private static final String BAND_COLOR = "#f4c7c3";

  private double x(double slot) {
    return LEFT + (WIDTH - LEFT - RIGHT) * (slot - firstSlot) / Math.max(1, slots - firstSlot);
  }

  private double y(double value) {
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - Math.max(0, Math.min(1, value)));
  }

  String svg() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", WIDTH, HEIGHT, WIDTH, HEIGHT, Html.escape(title)));
    s.append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    s.append(text(WIDTH / 2.0, 22, title, "middle", 15, "bold"));
    int row = 0;
    for (Band b : bands) {
      double x0 = x(Math.max(b.from(), firstSlot));
      double x1 = x(Math.min(b.until(), slots));
      s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
          + "fill-opacity=\"0.6\"><title>%s</title></rect>", x0, TOP, Math.max(1, x1 - x0), HEIGHT - TOP - BOTTOM,
          BAND_COLOR, Html.escape(b.label())));
      s.append(text(x0 + 3, TOP + 12 + 12 * (row++ % 3), b.label(), "start", 10, "normal"));
    }
    for (int pct = 0; pct <= 100; pct += 25) {
      double yy = y(pct / 100.0);
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#dddddd\"/>",
          LEFT, yy, WIDTH - RIGHT, yy));
      s.append(text(LEFT - 6, yy + 4, pct + "%", "end", 11, "normal"));
    }
    for (long epoch = firstSlot / slotsPerEpoch; epoch * slotsPerEpoch <= slots; epoch++) {
      double xx = x(epoch * slotsPerEpoch);
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#bbbbbb\"/>", xx,
          TOP, xx, HEIGHT - BOTTOM));
      s.append(text(xx, HEIGHT - BOTTOM + 16, "e" + epoch, "middle", 11, "normal"));
    }
    s.append(text(WIDTH / 2.0, HEIGHT - BOTTOM + 34, "slot (epoch boundaries marked), faults shaded", "middle", 11,
        "normal"));
    s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" "
        + "transform=\"rotate(-90 14 %.1f)\" font-family=\"sans-serif\">%s</text>", (TOP + HEIGHT - BOTTOM) / 2.0,
        (TOP + HEIGHT - BOTTOM) / 2.0, Html.escape(yLabel)));
    double legendX = LEFT;
    for (Series series : series) {
      StringBuilder d = new StringBuilder();
      for (double[] p : series.points()) {
        d.append(d.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x(p[0]), y(p[1])));
      }
      s.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(series.color())
          .append("\" stroke-width=\"2\"/>");
      for (double[] p : series.points()) {
        s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>", x(p[0]), y(p[1]),
            series.color()));
      }
      double ly = HEIGHT - 14;
      s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"4\" fill=\"%s\"/>",
          legendX, ly - 4, series.color()));
      s.append(text(legendX + 20, ly, series.name(), "start", 12, "normal"));
      legendX += 40 + 7 * series.name().length();
    }
    s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"14\" height=\"10\" fill=\"%s\"/>", legendX,
        HEIGHT - 22, BAND_COLOR));
    s.append(text(legendX + 20, HEIGHT - 14, "fault", "start", 12, "normal"));
    s.append("</svg>");
    return s.toString();
  }

  private static String text(double x, double y, String content, String anchor, int size, String weight) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" font-weight=\"%s\" "
        + "text-anchor=\"%s\" font-family=\"sans-serif\">%s</text>", x, y, size, weight, anchor, Html.escape(content));
  }

  /** The same chart as a PNG image. */
  byte[] png() {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      centered(g, title, WIDTH / 2.0, 22);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      int row = 0;
      for (Band b : bands) {
        double x0 = x(Math.max(b.from(), firstSlot));
        double x1 = x(Math.min(b.until(), slots));
        g.setColor(withAlpha(Color.decode(BAND_COLOR), 0.6f));
        g.fill(new Rectangle2D.Double(x0, TOP, Math.max(1, x1 - x0), HEIGHT - TOP - BOTTOM));
        g.setColor(Color.BLACK);
        g.drawString(b.label(), (float) x0 + 3, TOP + 12 + 12 * (row++ % 3));
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      for (int pct = 0; pct <= 100; pct += 25) {
        double yy = y(pct / 100.0);
        g.setColor(new Color(0xdd, 0xdd, 0xdd));
        g.draw(new Line2D.Double(LEFT, yy, WIDTH - RIGHT, yy));
        g.setColor(Color.BLACK);
        String label = pct + "%";
        g.drawString(label, (float) (LEFT - 6 - g.getFontMetrics().stringWidth(label)), (float) yy + 4);
      }
      for (long epoch = firstSlot / slotsPerEpoch; epoch * slotsPerEpoch <= slots; epoch++) {
        double xx = x(epoch * slotsPerEpoch);
        g.setColor(new Color(0xbb, 0xbb, 0xbb));
        g.draw(new Line2D.Double(xx, TOP, xx, HEIGHT - BOTTOM));
        g.setColor(Color.BLACK);
        centered(g, "e" + epoch, xx, HEIGHT - BOTTOM + 16);
      }
      centered(g, "slot (epoch boundaries marked), faults shaded", WIDTH / 2.0, HEIGHT - BOTTOM + 34);
      AffineTransform saved = g.getTransform();
      g.rotate(-Math.PI / 2, 14, (TOP + HEIGHT - BOTTOM) / 2.0);
      centered(g, yLabel, 14, (TOP + HEIGHT - BOTTOM) / 2.0);
      g.setTransform(saved);
      double legendX = LEFT;
      for (Series series : series) {
        Color color = Color.decode(series.color());
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        Path2D path = new Path2D.Double();
        boolean first = true;
        for (double[] p : series.points()) {
          if (first) {
            path.moveTo(x(p[0]), y(p[1]));
            first = false;
          } else {
            path.lineTo(x(p[0]), y(p[1]));
          }
        }
        g.draw(path);
        for (double[] p : series.points()) {
          g.fill(new Ellipse2D.Double(x(p[0]) - 2.5, y(p[1]) - 2.5, 5, 5));
        }
        g.fill(new Rectangle2D.Double(legendX, HEIGHT - 18, 14, 4));
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(series.name(), (float) legendX + 20, HEIGHT - 14);
        legendX += 40 + 7 * series.name().length();
      }
      g.setColor(withAlpha(Color.decode(BAND_COLOR), 0.6f));
      g.fill(new Rectangle2D.Double(legendX, HEIGHT - 22, 14, 10));
      g.setColor(Color.BLACK);
      g.drawString("fault", (float) legendX + 20, HEIGHT - 14);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void centered(Graphics2D g, String text, double x, double y) {
    g.drawString(text, (float) (x - g.getFontMetrics().stringWidth(text) / 2.0), (float) y);
  }

  private static Color withAlpha(Color c, float alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.round(alpha * 255));
  }
}
