package io.phalanx.it;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The modules' direction, checked on every Phalanx class on this module's class path (each
 * module's main code, the spec's test fixtures, the benchmarks and these tests): each layer may use
 * only the layers listed for it, all below it, so none imports one above or beside it: spec &lt;-
 * cluster &lt;- consensus / api &lt;- duties &lt;- node &lt;- sim &lt;- cli, where api uses only spec and
 * consensus and api do not use each other; the benchmarks may use everything up to sim, the
 * integration tests everything. Maven's module graph already stops most upward imports, as a
 * module cannot see one above it, but not a dependency a POM adds sideways or upward; this test
 * does. Every Phalanx class must belong to a layer, so a new top-level package has to be placed here.
 */
@AnalyzeClasses(packages = "io.phalanx")
class ArchitectureTest {
  static final ArchRule LAYERS = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .ensureAllClassesAreContainedInArchitecture()
      .layer("spec").definedBy("io.phalanx.spec..")
      .layer("cluster").definedBy("io.phalanx.cluster..")
      .layer("consensus").definedBy("io.phalanx.consensus..")
      .layer("api").definedBy("io.phalanx.api..")
      .layer("duties").definedBy("io.phalanx.duties..")
      .layer("node").definedBy("io.phalanx.node..")
      .layer("sim").definedBy("io.phalanx.sim..")
      .layer("cli").definedBy("io.phalanx.cli..")
      .layer("bench").definedBy("io.phalanx.bench..")
      .layer("integration tests").definedBy("io.phalanx.it..")
      .whereLayer("spec").mayNotAccessAnyLayer()
      .whereLayer("cluster").mayOnlyAccessLayers("spec")
      .whereLayer("consensus").mayOnlyAccessLayers("spec", "cluster")
      // The beacon API needs no cluster: its types are the spec's.
      .whereLayer("api").mayOnlyAccessLayers("spec")
      .whereLayer("duties").mayOnlyAccessLayers("spec", "cluster", "consensus", "api")
      .whereLayer("node").mayOnlyAccessLayers("spec", "cluster", "consensus", "api", "duties")
      .whereLayer("sim").mayOnlyAccessLayers("spec", "cluster", "consensus", "api", "duties", "node")
      .whereLayer("cli").mayOnlyAccessLayers("spec", "cluster", "consensus", "api", "duties", "node", "sim")
      .whereLayer("bench").mayOnlyAccessLayers("spec", "cluster", "consensus", "api", "duties", "node", "sim");

  // A method, not an @ArchTest field: with -Dtest=ArchitectureTest, Surefire ran a field rule as 0 tests.
  @ArchTest
  static void eachLayerUsesOnlyTheLayersBelowIt(JavaClasses classes) {
    LAYERS.check(classes);
  }
}
