package dev.gavel.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package graph of the library (gavel-core) and the command line (gavel-cli) as
 * docs/architecture.md draws it: no package cycles, every layer imports only the layers below it,
 * none of the command line's libraries reaches the library, and the packages gavel-core's module
 * exports name no type of the packages it keeps to itself. The tests named "...IsAViolation" show
 * that the rules do fail: they add this module's sample classes (test sources named
 * ArchitectureSample...), one importing the judge from below, one closing a cycle with tokenize and
 * one returning an engine type from the judge package, and expect violations naming them.
 */
class ArchitectureTest {
    /** The command line's libraries, which a library user must never inherit. */
    private static final String[] CLI_LIBRARIES = {
            "picocli..", "org.knowm.xchart..", "me.tongfei.progressbar..", "org.apache.commons.math3..",
            "org.slf4j.simple..", "org.slf4j.impl.."};
    private static final String[] CORE = {
            "dev.gavel", "dev.gavel.judge..", "dev.gavel.tokenize..", "dev.gavel.format..",
            "dev.gavel.engine..", "dev.gavel.llama..", "dev.gavel.gguf.."};
    /** Test classes named so are the deliberate violations the last two tests look for. */
    private static final String SAMPLES = "/ArchitectureSample";

    private static JavaClasses production;
    private static JavaClasses withViolations;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ArchitectureTest::notATestFixture)
                .importPackages("dev.gavel");
        withViolations = new ClassFileImporter()
                .withImportOption(location -> !isTestCode(location) || location.contains(SAMPLES))
                .withImportOption(ArchitectureTest::notATestFixture)
                .importPackages("dev.gavel");
    }

    /** The test-jar's fixtures (dev.gavel.testing, dev.gavel.reference) are test code wherever they lie. */
    private static boolean notATestFixture(Location location) {
        return !location.contains("/dev/gavel/testing/") && !location.contains("/dev/gavel/reference/");
    }

    private static boolean isTestCode(Location location) {
        return !new ImportOption.DoNotIncludeTests().includes(location);
    }

    /**
     * Each package may import only the packages listed for it (and the JDK and third-party
     * libraries). Reading down the list is reading down the layers.
     */
    static Architectures.LayeredArchitecture layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("commands").definedBy("dev.gavel.cli..")
                .layer("bench").definedBy("dev.gavel.bench..")
                .layer("eval").definedBy("dev.gavel.eval..")
                .layer("jobs").definedBy("dev.gavel.jobs..")
                .layer("data").definedBy("dev.gavel.data..")
                .layer("judge").definedBy("dev.gavel.judge..")
                .layer("tokenize").definedBy("dev.gavel.tokenize..")
                .layer("format").definedBy("dev.gavel.format..")
                .layer("engine").definedBy("dev.gavel.engine..")
                .layer("llama").definedBy("dev.gavel.llama..")
                .layer("gguf").definedBy("dev.gavel.gguf..")
                .layer("vocabulary").definedBy("dev.gavel")
                .whereLayer("commands").mayNotBeAccessedByAnyLayer()
                .whereLayer("bench").mayOnlyBeAccessedByLayers("commands")
                .whereLayer("eval").mayOnlyBeAccessedByLayers("commands")
                .whereLayer("jobs").mayOnlyBeAccessedByLayers("commands", "eval")
                .whereLayer("data").mayOnlyBeAccessedByLayers("commands", "bench", "eval", "jobs")
                .whereLayer("judge").mayOnlyBeAccessedByLayers("commands", "bench", "eval", "jobs", "data")
                .whereLayer("tokenize").mayOnlyBeAccessedByLayers("commands", "bench", "eval", "jobs", "data", "judge")
                .whereLayer("format").mayOnlyBeAccessedByLayers("commands", "bench", "eval", "jobs", "data", "judge",
                        "tokenize")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("commands", "bench", "eval", "jobs", "data", "judge")
                .whereLayer("llama").mayOnlyBeAccessedByLayers("commands", "bench", "eval", "jobs", "data", "judge",
                        "tokenize", "engine")
                .whereLayer("gguf").mayOnlyBeAccessedByLayers("commands", "bench", "eval", "jobs", "data", "judge",
                        "tokenize", "engine", "llama");
    }

    /** Every package is its own slice, the root package included (SlicesRuleDefinition's patterns skip it). */
    static ArchRule noPackageCycles() {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                return c.getPackageName().startsWith("dev.gavel") ? SliceIdentifier.of(c.getPackageName())
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of dev.gavel";
            }
        }).should().beFreeOfCycles();
    }

    static ArchRule coreUsesNoCommandLineLibrary() {
        return noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage(CLI_LIBRARIES)
                .because("a library user must not inherit the command line's dependencies");
    }

    /** The packages gavel-core's module-info exports to everyone. */
    static Set<String> exportedPackages() throws IOException, URISyntaxException {
        // The descriptor of the jar or folder that holds the Judge: on a class path, a plain
        // resource lookup would return the first module-info.class of any jar.
        Path core = Path.of(dev.gavel.judge.Judge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        byte[] descriptor;
        if (Files.isDirectory(core)) {
            descriptor = Files.readAllBytes(core.resolve("module-info.class"));
        } else {
            try (JarFile jar = new JarFile(core.toFile()); InputStream in = jar.getInputStream(new JarEntry("module-info.class"))) {
                descriptor = in.readAllBytes();
            }
        }
        Set<String> out = new HashSet<>();
        for (ModuleDescriptor.Exports e : ModuleDescriptor.read(ByteBuffer.wrap(descriptor)).exports()) {
            if (!e.isQualified()) {
                out.add(e.source());
            }
        }
        return out;
    }

    /**
     * What javac's {@code -Xlint:exports} reports: a public or protected member of a public type in
     * an exported package whose signature (return, parameter, thrown, field, supertype, type
     * argument) names a type of an unexported Gavel package. A user on the module path could call
     * such a member but not name what it returns.
     */
    static List<String> apiLeaks(JavaClasses classes, Set<String> exported) {
        Set<String> leaks = new TreeSet<>();
        for (JavaClass c : classes) {
            if (!exported.contains(c.getPackageName()) || !visibleOutside(c)) {
                continue;
            }
            List<JavaType> signature = new ArrayList<>(c.getInterfaces());
            c.getSuperclass().ifPresent(signature::add);
            check(leaks, c.getName() + " (supertypes)", signature, exported);
            for (JavaMember m : c.getMembers()) {
                if (!m.getModifiers().contains(JavaModifier.PUBLIC) && !m.getModifiers().contains(JavaModifier.PROTECTED)) {
                    continue;
                }
                List<JavaType> types = new ArrayList<>();
                if (m instanceof JavaField f) {
                    types.add(f.getType());
                } else if (m instanceof JavaCodeUnit u) {
                    types.add(u.getReturnType());
                    types.addAll(u.getParameterTypes());
                    types.addAll(u.getThrowsClause().getTypes());
                }
                check(leaks, m.getFullName(), types, exported);
            }
        }
        return List.copyOf(leaks);
    }

    private static boolean visibleOutside(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (!k.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    private static void check(Set<String> leaks, String where, List<? extends JavaType> types, Set<String> exported) {
        for (JavaType t : types) {
            for (JavaClass raw : t.getAllInvolvedRawTypes()) {
                JavaClass base = raw.isArray() ? raw.getBaseComponentType() : raw;
                String pkg = base.getPackageName();
                if (pkg.startsWith("dev.gavel") && !exported.contains(pkg)) {
                    leaks.add(where + " names " + base.getName());
                }
            }
        }
    }

    @Test
    void theExportedPackagesNameOnlyExportedTypes() throws Exception {
        Set<String> exported = exportedPackages();
        assertEquals(Set.of("dev.gavel", "dev.gavel.judge"), exported, "the module's API packages");
        assertEquals(List.of(), apiLeaks(production, exported));
    }

    @Test
    void anUnexportedTypeInTheApiIsAViolation() throws Exception {
        List<String> leaks = apiLeaks(withViolations, exportedPackages());
        assertEquals(1, leaks.size(), leaks::toString);
        assertTrue(leaks.getFirst().contains("ArchitectureSampleLeak") && leaks.getFirst().contains("Tuning$Hardware"),
                leaks::toString);
    }

    @Test
    void packagesFormNoCycle() {
        noPackageCycles().check(production);
    }

    @Test
    void everyLayerImportsOnlyTheLayersBelowIt() {
        layers().check(production);
    }

    @Test
    void theLibraryUsesNoneOfTheCommandLinesLibraries() {
        coreUsesNoCommandLineLibrary().check(production);
    }

    @Test
    void anUpwardImportIsAViolation() {
        EvaluationResult result = layers().evaluate(withViolations);
        assertTrue(result.hasViolation(), "the sample's upward import must be reported");
        assertTrue(result.getFailureReport().getDetails().stream().anyMatch(d -> d.contains("ArchitectureSampleUpwardImport")),
                () -> String.join("\n", result.getFailureReport().getDetails()));
    }

    @Test
    void aCycleIsAViolation() {
        EvaluationResult result = noPackageCycles().evaluate(withViolations);
        assertTrue(result.hasViolation(), "the samples' cycle must be reported");
        List<String> details = result.getFailureReport().getDetails();
        assertTrue(details.stream().anyMatch(d -> d.contains("ArchitectureSampleCycle")), () -> String.join("\n", details));
        assertFalse(noPackageCycles().evaluate(production).hasViolation());
    }
}
