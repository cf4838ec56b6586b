package dev.gavel;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Gavel's own version, recorded in every judgment's provenance. */
public final class GavelVersion {
    private static final String VERSION = load();

    private GavelVersion() {
    }

    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = GavelVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
