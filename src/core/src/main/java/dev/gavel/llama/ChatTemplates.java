package dev.gavel.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * llama.cpp's chat-template application: a model's own template (as stored in its GGUF) or one of
 * llama.cpp's named built-ins ("chatml", "llama3", "mistral-v7", "phi3", "gemma", ...).
 * llama.cpp recognises templates by pattern, not by running Jinja, so exotic templates are refused.
 */
public final class ChatTemplates {
    private ChatTemplates() {
    }

    /** Names of llama.cpp's built-in templates. */
    public static List<String> builtinNames() {
        LlamaNative lib = LlamaNative.get();
        try (Arena arena = Arena.ofConfined()) {
            int n = (int) lib.chatBuiltinTemplates.invokeExact(MemorySegment.NULL, 0L);
            MemorySegment out = arena.allocate(ADDRESS, Math.max(1, n));
            n = (int) lib.chatBuiltinTemplates.invokeExact(out, (long) n);
            List<String> names = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                names.add(out.getAtIndex(ADDRESS, i).reinterpret(Long.MAX_VALUE).getString(0));
            }
            return names;
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }

    /**
     * Formats messages with a template.
     *
     * @param template     a Jinja template string from a GGUF, or a built-in name
     * @param addAssistant end with the opening of an assistant turn
     * @throws IllegalArgumentException when llama.cpp does not support the template
     */
    public static String apply(String template, List<ChatMessage> messages, boolean addAssistant) {
        LlamaNative lib = LlamaNative.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment chat = arena.allocate(Structs.CHAT_MESSAGE, Math.max(1, messages.size()));
            long total = 0;
            for (int i = 0; i < messages.size(); i++) {
                ChatMessage m = messages.get(i);
                MemorySegment slot = chat.asSlice(i * Structs.CHAT_MESSAGE.byteSize(), Structs.CHAT_MESSAGE);
                slot.set(ADDRESS, 0, arena.allocateFrom(m.role()));
                slot.set(ADDRESS, 8, arena.allocateFrom(m.content()));
                total += m.role().length() + m.content().getBytes(StandardCharsets.UTF_8).length;
            }
            MemorySegment tmpl = arena.allocateFrom(template);
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, total * 2 + 1024);
            MemorySegment buf = arena.allocate(capacity);
            int n = (int) lib.chatApplyTemplate.invokeExact(tmpl, chat, (long) messages.size(), addAssistant, buf, capacity);
            if (n < 0) {
                throw new IllegalArgumentException("llama.cpp does not support this chat template: "
                        + (template.length() > 80 ? template.substring(0, 80) + "..." : template));
            }
            if (n > capacity) {
                capacity = n;
                buf = arena.allocate(capacity);
                n = (int) lib.chatApplyTemplate.invokeExact(tmpl, chat, (long) messages.size(), addAssistant, buf, capacity);
            }
            return new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Throwable t) {
            throw LlamaNative.rethrow(t);
        }
    }
}
