package dev.gavel.format;

/**
 * Adapts a chat template that can only render plain strings (such as a GGUF model's own Jinja
 * template applied by llama.cpp) to {@link ChatTemplate}: it renders sentinel strings in place of
 * the messages, marks everything the template added as trusted, and splices the messages' own
 * segments back in where the sentinels landed. Untrusted text therefore never passes through
 * the string renderer and keeps its kind.
 *
 * <p>Sentinels are padded with whitespace so a template that trims message content (Llama 3,
 * Gemma) is detected and its trimming reproduced on the real message. A template that otherwise
 * rewrites content, drops a message or repeats it is refused with {@link IllegalStateException}.
 */
public final class SentinelChatTemplate implements ChatTemplate {
    /** Renders one conversation to a string, with the generation prompt (assistant turn opened). */
    @FunctionalInterface
    public interface Renderer {
        /**
         * @param system the system message, or null for none
         * @param user   the user message
         */
        String render(String system, String user);
    }

    private static final String PAD_BEFORE = " \n";
    private static final String PAD_AFTER = "\n ";
    private static final String SYSTEM = "\uE000gavel-system-message\uE001";
    private static final String USER = "\uE000gavel-user-message\uE001";

    private final String id;
    private final String definition;
    private final String bosText;
    private final Renderer renderer;

    /**
     * @param id         the template's name, e.g. "gguf:qwen2.5-7b-instruct"
     * @param definition the template source (e.g. the Jinja text), hashed for provenance
     * @param bosText    BOS as text if the renderer emits it at the start (removed, since the engine
     *                   adds BOS itself), or "" for none
     * @param renderer   renders plain strings
     */
    public SentinelChatTemplate(String id, String definition, String bosText, Renderer renderer) {
        if (id == null || id.isBlank() || definition == null || bosText == null || renderer == null) {
            throw new IllegalArgumentException("id (non-blank), definition, bosText and renderer must not be null");
        }
        this.id = id;
        this.definition = definition;
        this.bosText = bosText;
        this.renderer = renderer;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String sha256() {
        return Sha256.of("gavel-sentinel-chat-template", id, definition, bosText);
    }

    @Override
    public PromptText apply(PromptText system, PromptText user) {
        boolean hasSystem = !system.isEmpty();
        String out = renderer.render(hasSystem ? PAD_BEFORE + SYSTEM + PAD_AFTER : null, PAD_BEFORE + USER + PAD_AFTER);
        if (out == null) {
            throw new IllegalStateException("chat template " + id + " rendered null");
        }
        if (!bosText.isEmpty() && out.startsWith(bosText)) {
            out = out.substring(bosText.length());
        }
        requireOnce(out, USER, "user");
        if (hasSystem) {
            requireOnce(out, SYSTEM, "system");
        }
        PromptText.Builder b = PromptText.builder();
        int pos = 0;
        while (pos < out.length()) {
            int s = hasSystem ? out.indexOf(SYSTEM, pos) : -1;
            int u = out.indexOf(USER, pos);
            int next = s < 0 ? u : (u < 0 ? s : Math.min(s, u));
            if (next < 0) {
                b.template(out.substring(pos));
                break;
            }
            boolean isSystem = next == s;
            String sentinel = isSystem ? SYSTEM : USER;
            boolean keptBefore = out.startsWith(PAD_BEFORE, next - PAD_BEFORE.length()) && next - PAD_BEFORE.length() >= pos;
            boolean keptAfter = out.startsWith(PAD_AFTER, next + sentinel.length());
            int literalEnd = keptBefore ? next - PAD_BEFORE.length() : next;
            b.template(out.substring(pos, literalEnd));
            PromptText message = isSystem ? system : user;
            b.append(trimmed(message, !keptBefore, !keptAfter));
            pos = next + sentinel.length() + (keptAfter ? PAD_AFTER.length() : 0);
        }
        return b.build();
    }

    private void requireOnce(String text, String sentinel, String what) {
        int first = text.indexOf(sentinel);
        if (first < 0 || text.indexOf(sentinel, first + 1) >= 0) {
            throw new IllegalStateException("chat template " + id + " must place the " + what
                    + " message exactly once, unchanged except for trimming");
        }
    }

    private static PromptText trimmed(PromptText message, boolean leading, boolean trailing) {
        PromptText t = leading ? message.stripLeading() : message;
        return trailing ? t.stripTrailing() : t;
    }
}
