package dev.gavel.engine;

/**
 * Owns the KV sequence slots: which request uses which slot, the prompts kept in spare slots for
 * prefix reuse, their least-recently-used eviction, and the arithmetic of whether a request fits.
 * Every change to the native cache goes through a {@link KvSequences} port; the cells a slot holds
 * are counted here, in Java, so no step has to ask llama.cpp.
 *
 * <p>Prefix reuse: every slot's prompt is recorded in a {@link PrefixTree} when its request is
 * admitted, before its cells are computed. A new request starts from the longest prefix a slot
 * holds: a cached prompt in a spare slot is taken over (its cells past the shared prefix dropped),
 * an active one is forked once it has computed that prefix (the new request awaits it meanwhile
 * rather than computing it again). Each slot has an epoch, bumped whenever its cells are dropped
 * or cut, so a request awaiting a prefix can tell that its holder lost it.
 *
 * <p>Used only by the engine's loop thread.
 */
final class KvSlotManager {

    /** What a slot holds. */
    enum SlotState {
        /** Nothing. */
        FREE,
        /** The cells of an admitted request. */
        ACTIVE,
        /** A finished request's prompt, kept for prefix reuse until evicted. */
        CACHED
    }

    /**
     * Where an admitted request goes, decided before anything changes (but after evictions made
     * for room), so that a request that then fails to start leaves no trace.
     *
     * @param sequence the slot the request gets
     * @param holder   the slot holding the prefix it reuses, or -1
     * @param reuse    prompt tokens it reuses from {@code holder}
     * @param growth   cells it may still add: the rest of its prompt and its whole output
     */
    record Placement(int sequence, int holder, int reuse, int growth) {
    }

    /** Cached prompts and cells, for the engine's occupancy report. */
    record Usage(int cachedPrompts, int cachedCells, int cellsInUse) {
    }

    /** What became of a request awaiting another slot's prefix. */
    enum PrefixWait {
        /** The holder has not computed the prefix yet. */
        WAITING,
        /** The prefix was forked into the request's slot. */
        FORKED,
        /** The holder lost the prefix: the request must compute it itself. */
        HOLDER_GONE
    }

    /** A request's hold on a slot, from admission to {@link #release}. */
    static final class Lease {
        private final Slot slot;
        private final int promptLength;
        private final int growthBudget;
        private int grown;
        private int reused;
        private Slot awaited;
        private long awaitedEpoch;
        private int awaitedLength;

        private Lease(Slot slot, int promptLength, int growthBudget) {
            this.slot = slot;
            this.promptLength = promptLength;
            this.growthBudget = growthBudget;
        }

        /** The KV sequence id of the slot. */
        int sequence() {
            return slot.id;
        }

        /** Cells the slot holds: the position of the next token. */
        int position() {
            return slot.kvLength;
        }

        /** Prompt tokens that came from another request's cells. */
        int reused() {
            return reused;
        }

        boolean awaitsPrefix() {
            return awaited != null;
        }

        /** Length of the prefix this request awaits or awaited from another slot. */
        int awaitedLength() {
            return awaitedLength;
        }

        /** Prompt tokens the request need not compute: the cells it holds plus the prefix it awaits. */
        int coveredPrompt() {
            return slot.kvLength + (awaited != null ? awaitedLength : 0);
        }

        private int outstandingGrowth() {
            return Math.max(0, growthBudget - grown);
        }
    }

    private static final class Slot {
        final int id;
        SlotState state = SlotState.FREE;
        Lease lease;
        int kvLength;
        long lastUsed;
        long epoch;

        Slot(int id) {
            this.id = id;
        }
    }

    private final KvSequences kv;
    private final Slot[] slots;
    private final PrefixTree tree = new PrefixTree();
    private final boolean prefixCache;
    private final int cachedPrefixes;
    private final boolean unifiedKv;
    private final int contextSize;
    private final int requestCapacity;
    private final EngineCounters counters;
    private long clock;

    KvSlotManager(KvSequences kv, EngineOptions options, EngineCounters counters) {
        this.kv = kv;
        this.counters = counters;
        this.prefixCache = options.prefixCache();
        this.cachedPrefixes = options.cachedPrefixes();
        this.unifiedKv = options.unifiedKv();
        this.contextSize = options.contextSize();
        this.requestCapacity = Math.min(options.contextSize(), kv.sequenceCapacity());
        this.slots = new Slot[options.sequenceSlots()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(i);
        }
    }

    /** Cells one request may use, prompt plus output: what a request must fit in to ever run. */
    int requestCapacity() {
        return requestCapacity;
    }

    /**
     * Finds a slot for a request, evicting cached prompts (least recently used first, the one
     * holding this request's prefix last) when a unified cache needs the room; null when the
     * request must wait for running requests to finish.
     */
    Placement place(int[] prompt, int maxTokens) {
        PrefixTree.Match match = prefixCache
                ? tree.longestPrefix(prompt, seq -> slots[seq].kvLength)
                : PrefixTree.Match.NONE;
        // At least one prompt token must be decoded to get logits for the first sample.
        int reuse = Math.min(match.length(), prompt.length - 1);
        Slot holder = reuse > 0 ? slots[match.holder()] : null;
        int growth = prompt.length - reuse + maxTokens;
        Slot target = pickSlot(holder, reuse, growth);
        return target == null ? null : new Placement(target.id, holder == null ? -1 : holder.id, reuse, growth);
    }

    private Slot pickSlot(Slot holder, int reuse, int growth) {
        while (true) {
            // A cached prompt holding the prefix is taken over rather than copied: keeping its
            // tail too would make every later token attend over cells nobody needs.
            Slot target = holder != null && holder.state == SlotState.CACHED && !isAwaited(holder) ? holder : null;
            if (target == null) {
                target = freeSlot();
            }
            if (target == null) {
                target = lruCached(holder);
            }
            if (target == null) {
                return null;
            }
            if (!unifiedKv) {
                return target; // its own stream: the engine refuses requests larger than one
            }
            int free = contextSize - usedCells() - outstandingGrowth()
                    + (target == holder ? target.kvLength - reuse : 0);
            if (free >= growth) {
                return target;
            }
            Slot victim = lruCached(holder);
            if (victim == null) {
                return null;
            }
            evict(victim);
        }
    }

    /**
     * Gives the placed slot to a request with this prompt: takes over the cached prefix, or
     * clears the slot and, when another slot holds the prefix, forks it now or awaits it.
     */
    Lease occupy(Placement placement, int[] prompt) {
        Slot target = slots[placement.sequence()];
        Slot holder = placement.holder() < 0 ? null : slots[placement.holder()];
        Lease lease = new Lease(target, prompt.length, placement.growth());
        if (holder == target) {
            kv.truncate(target.id, placement.reuse());
            target.kvLength = placement.reuse();
            target.epoch++;
            lease.reused = placement.reuse();
        } else {
            if (target.state != SlotState.FREE || target.kvLength > 0) {
                clearSlot(target);
            }
            if (holder != null) {
                lease.awaited = holder;
                lease.awaitedLength = placement.reuse();
                lease.awaitedEpoch = holder.epoch;
                resolvePrefix(lease);
            }
        }
        target.state = SlotState.ACTIVE;
        target.lease = lease;
        tree.insert(target.id, prompt);
        return lease;
    }

    /** Forks the awaited prefix once its holder has computed it. */
    PrefixWait resolvePrefix(Lease lease) {
        Slot holder = lease.awaited;
        if (holder == null) {
            throw new IllegalStateException("slot " + lease.sequence() + " awaits no prefix");
        }
        if (holder.epoch != lease.awaitedEpoch || holder.state == SlotState.FREE) {
            lease.awaited = null;
            return PrefixWait.HOLDER_GONE;
        }
        if (holder.kvLength < lease.awaitedLength) {
            return PrefixWait.WAITING;
        }
        kv.fork(holder.id, lease.slot.id, lease.awaitedLength);
        lease.slot.kvLength = lease.awaitedLength;
        lease.reused = lease.awaitedLength;
        holder.lastUsed = ++clock;
        lease.awaited = null;
        return PrefixWait.FORKED;
    }

    /** Counts cells a decode wrote for the lease's slot. */
    void appended(Lease lease, int cells) {
        lease.slot.kvLength += cells;
        lease.grown += cells;
    }

    /** Removes cells a failed decode may have written past what the slot is counted to hold. */
    void rollBack(Lease lease) {
        kv.truncate(lease.slot.id, lease.slot.kvLength);
    }

    /**
     * Frees a lease's slot. With {@code keepPrompt} (and the prefix cache on) the prompt's cells
     * stay, cached for reuse, and the output's are dropped; otherwise every cell goes.
     */
    void release(Lease lease, boolean keepPrompt) {
        Slot s = lease.slot;
        if (s.lease != lease) {
            throw new IllegalStateException("slot " + s.id + " is not held by this lease");
        }
        s.lease = null;
        lease.awaited = null;
        s.lastUsed = ++clock;
        boolean cacheable = keepPrompt && prefixCache && cachedPrefixes > 0 && s.kvLength >= lease.promptLength;
        if (cacheable) {
            kv.truncate(s.id, lease.promptLength);
            s.kvLength = lease.promptLength;
            s.state = SlotState.CACHED;
            trimCache();
        } else {
            clearSlot(s);
            s.state = SlotState.FREE;
        }
    }

    /** Evicts the least recently used cached prompt that nobody awaits; false when there is none. */
    boolean evictLeastRecentlyUsed() {
        Slot victim = lruCached(null);
        if (victim == null) {
            return false;
        }
        evict(victim);
        return true;
    }

    /** Evicts every cached prompt; false when there was none. */
    boolean evictAllCached() {
        boolean any = false;
        for (Slot s : slots) {
            if (s.state == SlotState.CACHED) {
                evict(s);
                any = true;
            }
        }
        return any;
    }

    /**
     * Cells held by all slots. In a unified cache a forked prefix is counted once per holder,
     * so this over-counts shared cells: admission errs on the side of waiting.
     */
    int usedCells() {
        int sum = 0;
        for (Slot s : slots) {
            sum += s.kvLength;
        }
        return sum;
    }

    SlotState state(int sequence) {
        return slots[sequence].state;
    }

    /** Cached prompts, their cells as counted here, and the cells the native cache reports in use. */
    Usage usage() {
        int cached = 0;
        int cachedCells = 0;
        int inUse = 0;
        for (Slot s : slots) {
            if (s.state == SlotState.CACHED) {
                cached++;
                cachedCells += s.kvLength;
            }
            inUse += kv.cellsHeld(s.id);
        }
        return new Usage(cached, cachedCells, inUse);
    }

    /** Keeps at most {@code cachedPrefixes} cached slots so active requests always find a slot. */
    private void trimCache() {
        int cached = 0;
        for (Slot s : slots) {
            if (s.state == SlotState.CACHED) {
                cached++;
            }
        }
        while (cached > cachedPrefixes) {
            Slot victim = lruCached(null);
            if (victim == null) {
                return;
            }
            evict(victim);
            cached--;
        }
    }

    private int outstandingGrowth() {
        int sum = 0;
        for (Slot s : slots) {
            if (s.lease != null) {
                sum += s.lease.outstandingGrowth();
            }
        }
        return sum;
    }

    private Slot freeSlot() {
        for (Slot s : slots) {
            if (s.state == SlotState.FREE) {
                return s;
            }
        }
        return null;
    }

    private Slot lruCached(Slot except) {
        Slot best = null;
        for (Slot s : slots) {
            if (s.state == SlotState.CACHED && s != except && !isAwaited(s) && (best == null || s.lastUsed < best.lastUsed)) {
                best = s;
            }
        }
        return best;
    }

    private boolean isAwaited(Slot holder) {
        for (Slot s : slots) {
            if (s.lease != null && s.lease.awaited == holder) {
                return true;
            }
        }
        return false;
    }

    private void evict(Slot s) {
        clearSlot(s);
        s.state = SlotState.FREE;
        counters.evictions.incrementAndGet();
    }

    /** Drops a slot's cells; the epoch tells requests awaiting its prefix that it is gone. */
    private void clearSlot(Slot s) {
        kv.clear(s.id);
        tree.remove(s.id);
        s.kvLength = 0;
        s.epoch++;
    }
}
