// SPDX-License-Identifier: MIT
/*
 * DOC: executor
 *
 * A work-group runs as one wave: every lane's registers are stored
 * structure-of-arrays (regs[reg * lanes + lane]), so one instruction is one
 * tight loop over the active lanes. The active lanes all sit at cur_pc and
 * advance together through straight-line code; with every lane active (the
 * common case) the loop runs over 0..lanes-1 with no mask or list.
 *
 * Divergence, "lowest PC first": after a control-flow instruction that
 * splits the active lanes, or that leaves other running lanes behind, the
 * next active set is the running lanes with the smallest pc. Lanes that
 * branch forward wait for the others to catch up, so lanes reconverge at
 * the first instruction they share when the compiler lays blocks out in
 * reverse post-order (docs/isa.md, "Divergence").
 *
 * Barriers and collectives: a lane at BARRIER or GROUP waits there. When
 * no lane is running, every sub-group whose lanes all wait at the same
 * sub-group BARRIER or GROUP continues after it; if none does, every
 * waiting lane must be at the same work-group BARRIER or GROUP and none may
 * have finished; then they all continue after it. Anything else is barrier
 * divergence, a trap. A GROUP computes its results (exec_group.c) at that
 * moment, when every input is known.
 *
 * Faults: a global access whose translate() fails stops the wave before
 * that lane's access, remembering the active index; hmm_wave_run() resumes
 * the same instruction at the same lane, so lanes already done (stores,
 * atomics) do not run twice. Budget: hmm_wave_run() counts lane-instructions
 * and returns HMM_YIELD at an instruction boundary.
 *
 * Local and private memory are arenas in the wave, addressed by tagged
 * offsets and bounds-checked on every access. Nothing here recurses or
 * uses variable-length arrays: the same code runs on a kernel stack.
 */
#include "engine/exec.h"

#define PAGE_SIZE_4K 4096u

static uint32_t type_size(uint8_t type)
{
    static const uint8_t sizes[HMM_T_COUNT] = {0, 1, 2, 4, 8, 2, 4, 8};
    return type < HMM_T_COUNT ? sizes[type] : 0;
}

enum hmm_status hmm_wave_trap(struct hmm_wave *w, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    hmm_vsnprintf(w->error, sizeof(w->error), fmt, ap);
    va_end(ap);
    w->status = HMM_TRAP;
    return HMM_TRAP;
}

static uint64_t mul_sat(uint64_t a, uint64_t b)
{
    uint64_t r;
    return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}

struct hmm_wave *hmm_wave_create(const struct hmm_launch *launch)
{
    const struct hmm_program *prog = launch->prog;
    struct hmm_wave *w;
    uint64_t lanes = 1;

    if (!prog || launch->kernel >= prog->num_kernels || launch->work_dim < 1 ||
        launch->work_dim > 3)
        return NULL;
    w = hmm_zalloc(sizeof(*w));
    if (!w)
        return NULL;
    w->launch = *launch;
    for (uint32_t d = 0; d < 3; d++) {
        if (d >= launch->work_dim) {
            w->launch.global_size[d] = 1;
            w->launch.local_size[d] = 1;
            w->launch.global_offset[d] = 0;
        }
        if (!w->launch.local_size[d] || !w->launch.global_size[d])
            goto err;
        lanes = mul_sat(lanes, w->launch.local_size[d]);
        w->num_groups[d] =
            (w->launch.global_size[d] + w->launch.local_size[d] - 1) / w->launch.local_size[d];
    }
    if (lanes > (1u << 24))
        goto err;
    w->prog = prog;
    w->kernel = &prog->kernels[launch->kernel];
    w->code = prog->code;
    w->max_lanes = (uint32_t)lanes;
    w->num_regs = prog->num_regs;
    w->local_size = launch->local_mem_size > w->kernel->local_size ? launch->local_mem_size
                                                                   : w->kernel->local_size;
    w->priv_size = w->kernel->private_size;

    size_t nregs = (size_t)(w->num_regs ? w->num_regs : 1) * lanes;
    w->regs = hmm_zalloc(nregs * sizeof(uint64_t));
    w->pc = hmm_zalloc(lanes * sizeof(uint32_t));
    w->state = hmm_zalloc(lanes);
    w->sp = hmm_zalloc(lanes);
    w->stack = hmm_zalloc(lanes * HMM_MAX_CALL_DEPTH * sizeof(uint32_t));
    w->act = hmm_zalloc(lanes * sizeof(uint32_t));
    for (int d = 0; d < 3; d++)
        w->lid[d] = hmm_zalloc(lanes * sizeof(uint32_t));
    w->local = hmm_zalloc(w->local_size ? w->local_size : 1);
    w->priv = hmm_zalloc(w->priv_size ? (size_t)w->priv_size * lanes : 1);
    if (!w->regs || !w->pc || !w->state || !w->sp || !w->stack || !w->act || !w->lid[0] ||
        !w->lid[1] || !w->lid[2] || !w->local || !w->priv)
        goto err;
    w->status = HMM_DONE;
    return w;
err:
    hmm_wave_destroy(w);
    return NULL;
}

void hmm_wave_destroy(struct hmm_wave *w)
{
    if (!w)
        return;
    hmm_free(w->regs);
    hmm_free(w->pc);
    hmm_free(w->state);
    hmm_free(w->sp);
    hmm_free(w->stack);
    hmm_free(w->act);
    for (int d = 0; d < 3; d++)
        hmm_free(w->lid[d]);
    hmm_free(w->local);
    hmm_free(w->priv);
    hmm_free(w);
}

void hmm_wave_start(struct hmm_wave *w, const uint64_t group_id[3])
{
    uint32_t lanes = 1, entry = w->prog->functions[w->kernel->function].entry;

    for (int d = 0; d < 3; d++) {
        uint64_t enq = w->launch.local_size[d];
        uint64_t first = group_id[d] * enq;
        uint64_t left = first < w->launch.global_size[d] ? w->launch.global_size[d] - first : 0;
        w->group_id[d] = group_id[d];
        w->group_size[d] = left < enq ? left : enq;
        lanes *= (uint32_t)w->group_size[d];
    }
    w->lanes = lanes;
    uint32_t sx = (uint32_t)w->group_size[0], sy = (uint32_t)w->group_size[1];
    for (uint32_t l = 0; l < lanes; l++) {
        w->lid[0][l] = l % sx;
        w->lid[1][l] = (l / sx) % sy;
        w->lid[2][l] = l / (sx * sy);
        w->pc[l] = entry;
    }
    memset(w->state, HMM_LANE_RUNNING, lanes);
    memset(w->sp, 0, lanes);
    memset(w->local, 0, w->local_size);
    memset(w->priv, 0, (size_t)w->priv_size * lanes);
    w->all = 1;
    w->nact = lanes;
    w->cur_pc = entry;
    w->resume = 0;
    w->need_schedule = 0;
    w->nrunning = lanes;
    w->nbarrier = 0;
    w->ndone = 0;
    w->fault_addr = 0;
    w->fault_write = 0;
    w->error[0] = '\0';
    w->status = lanes ? HMM_YIELD : HMM_DONE; /* runnable */
}

uint64_t hmm_wave_fault_addr(const struct hmm_wave *w)
{
    return w->fault_addr;
}

int hmm_wave_fault_write(const struct hmm_wave *w)
{
    return w->fault_write;
}

uint32_t hmm_wave_pc(const struct hmm_wave *w)
{
    return w->cur_pc;
}

const char *hmm_wave_error(const struct hmm_wave *w)
{
    return w->error;
}

/* The BARRIER's fence, or the GROUP's results, once lanes [lo, hi) all wait at @pc. */
static enum hmm_status complete_wait(struct hmm_wave *w, uint32_t pc, uint32_t lo, uint32_t hi)
{
    const struct hmm_insn *in = &w->code[pc];

    if (in->op == HMM_OP_GROUP)
        return hmm_exec_group(w, pc, lo, hi);
    if ((in->imm & 0xf) != HMM_ORDER_RELAXED &&
        (in->flags & ((1u << HMM_SPACE_GLOBAL) | (1u << HMM_SPACE_GENERIC))))
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return HMM_YIELD;
}

/*
 * No lane runs: let every sub-group whose lanes all wait at one sub-group
 * BARRIER or GROUP go on. Returns the number of lanes released, or
 * UINT32_MAX after a trap.
 */
static uint32_t release_sub_groups(struct hmm_wave *w)
{
    uint32_t lanes = w->lanes, released = 0;

    for (uint32_t lo = 0; lo < lanes; lo += HMM_SUB_GROUP_SIZE) {
        uint32_t hi = lanes - lo < HMM_SUB_GROUP_SIZE ? lanes : lo + HMM_SUB_GROUP_SIZE;
        uint32_t pc = w->pc[lo], l;

        if (w->state[lo] != HMM_LANE_BARRIER || w->code[pc].mod != HMM_EXEC_SUB_GROUP)
            continue;
        for (l = lo + 1; l < hi; l++) {
            if (w->state[l] != HMM_LANE_BARRIER || w->pc[l] != pc)
                break;
        }
        if (l < hi)
            continue;
        if (complete_wait(w, pc, lo, hi) != HMM_YIELD)
            return UINT32_MAX;
        for (l = lo; l < hi; l++) {
            w->state[l] = HMM_LANE_RUNNING;
            w->pc[l] = pc + 1;
        }
        released += hi - lo;
    }
    w->nrunning += released;
    w->nbarrier -= released;
    return released;
}

/*
 * Pick the next active set: the running lanes with the lowest pc. When no
 * lane runs, release sub-groups or the work-group waiting at a BARRIER or
 * GROUP, or finish. Returns HMM_YIELD to go on.
 */
static enum hmm_status wave_schedule(struct hmm_wave *w)
{
    uint32_t lanes = w->lanes, min = UINT32_MAX, n = 0;

    w->need_schedule = 0;
    if (!w->nrunning) {
        uint32_t bpc = UINT32_MAX;
        if (!w->nbarrier) {
            w->status = HMM_DONE;
            return HMM_DONE;
        }
        uint32_t released = release_sub_groups(w);
        if (released == UINT32_MAX)
            return HMM_TRAP;
        if (!released) {
            for (uint32_t l = 0; l < lanes; l++) {
                if (w->state[l] != HMM_LANE_BARRIER)
                    continue;
                if (bpc == UINT32_MAX)
                    bpc = w->pc[l];
                else if (w->pc[l] != bpc)
                    return hmm_wave_trap(w,
                                         "barrier divergence: work-items wait at different "
                                         "barriers or collectives (insn %u and insn %u)",
                                         bpc, w->pc[l]);
            }
            if (w->code[bpc].mod == HMM_EXEC_SUB_GROUP)
                return hmm_wave_trap(w,
                                     "barrier divergence: %u work-items wait at the sub-group "
                                     "barrier or collective at insn %u, the rest of their "
                                     "sub-group finished without reaching it",
                                     w->nbarrier, bpc);
            if (w->ndone)
                return hmm_wave_trap(w,
                                     "barrier divergence: %u work-items wait at the barrier or "
                                     "collective at insn %u, %u finished without reaching it",
                                     w->nbarrier, bpc, w->ndone);
            if (complete_wait(w, bpc, 0, lanes) != HMM_YIELD)
                return HMM_TRAP;
            memset(w->state, HMM_LANE_RUNNING, lanes);
            w->nrunning = w->nbarrier;
            w->nbarrier = 0;
            w->all = 1;
            w->nact = lanes;
            w->cur_pc = bpc + 1;
            return HMM_YIELD;
        }
    }
    for (uint32_t l = 0; l < lanes; l++) {
        if (w->state[l] == HMM_LANE_RUNNING && w->pc[l] < min)
            min = w->pc[l];
    }
    for (uint32_t l = 0; l < lanes; l++) {
        if (w->state[l] == HMM_LANE_RUNNING && w->pc[l] == min)
            w->act[n++] = l;
    }
    w->nact = n;
    w->all = n == lanes;
    w->cur_pc = min;
    return HMM_YIELD;
}

/* Leave the active set at the pcs already stored in pc[] and pick the next one. */
static void save_active_pcs(struct hmm_wave *w, uint32_t pc)
{
    HMM_FOR_LANES(w, 0, w->pc[l] = pc;);
}

/*
 * Memory. Every access resolves to a host pointer or stops the wave: a trap
 * (bad tag, out of bounds) or a fault (translate() failed) at one lane.
 */
struct access {
    uint8_t *p[2]; /* second part when a global access crosses a 4 KiB page */
    uint32_t n0;   /* bytes at p[0] */
};

static const char *const space_names[HMM_SPACE_COUNT] = {"global", "constant", "local", "private",
                                                         "generic"};

static enum hmm_status resolve(struct hmm_wave *w, uint32_t pc, uint32_t lane, uint8_t space,
                               uint64_t addr, uint32_t size, int write, struct access *acc)
{
    uint64_t tag = addr >> HMM_ADDR_TAG_SHIFT, off = addr & HMM_ADDR_OFFSET_MASK;

    if (space == HMM_SPACE_GENERIC) {
        space = tag == HMM_ADDR_TAG_LOCAL     ? HMM_SPACE_LOCAL
                : tag == HMM_ADDR_TAG_PRIVATE ? HMM_SPACE_PRIVATE
                                              : HMM_SPACE_GLOBAL;
    }
    acc->n0 = size;
    acc->p[1] = NULL;
    switch (space) {
    case HMM_SPACE_LOCAL:
        if (tag != HMM_ADDR_TAG_LOCAL)
            return hmm_wave_trap(w, "local access to non-local address 0x%llx at insn %u",
                                 (unsigned long long)addr, pc);
        if (off > w->local_size || size > w->local_size - off)
            return hmm_wave_trap(
                w,
                "local access out of bounds at insn %u: offset %llu size %u, arena %u "
                "bytes",
                pc, (unsigned long long)off, size, w->local_size);
        acc->p[0] = w->local + off;
        return HMM_YIELD;
    case HMM_SPACE_PRIVATE:
        if (tag != HMM_ADDR_TAG_PRIVATE)
            return hmm_wave_trap(w, "private access to non-private address 0x%llx at insn %u",
                                 (unsigned long long)addr, pc);
        if (off > w->priv_size || size > w->priv_size - off)
            return hmm_wave_trap(
                w,
                "private access out of bounds at insn %u: offset %llu size %u, arena %u "
                "bytes",
                pc, (unsigned long long)off, size, w->priv_size);
        acc->p[0] = w->priv + (size_t)lane * w->priv_size + off;
        return HMM_YIELD;
    default:
        break;
    }
    if (tag)
        return hmm_wave_trap(w, "%s access to tagged address 0x%llx at insn %u", space_names[space],
                             (unsigned long long)addr, pc);
    const struct hmm_mem_ops *mem = w->launch.mem;
    if (!mem || !mem->translate) {
        if (addr < PAGE_SIZE_4K)
            return hmm_wave_trap(w, "%s access to null page address 0x%llx at insn %u",
                                 space_names[space], (unsigned long long)addr, pc);
        acc->p[0] = (uint8_t *)(uintptr_t)addr;
        return HMM_YIELD;
    }
    uint32_t in_page = PAGE_SIZE_4K - (uint32_t)(addr & (PAGE_SIZE_4K - 1));
    if (in_page < size)
        acc->n0 = in_page;
    acc->p[0] = mem->translate(w->launch.mem_ctx, addr, acc->n0, write);
    if (!acc->p[0]) {
        w->fault_addr = addr;
        goto fault;
    }
    if (acc->n0 < size) {
        acc->p[1] = mem->translate(w->launch.mem_ctx, addr + acc->n0, size - acc->n0, write);
        if (!acc->p[1]) {
            w->fault_addr = addr + acc->n0;
            goto fault;
        }
    }
    return HMM_YIELD;
fault:
    w->fault_write = write;
    w->status = HMM_FAULT;
    return HMM_FAULT;
}

/*
 * Device loads and stores are relaxed atomic accesses in the host's memory
 * model: kernels may race (work-items storing to one location, plain loads
 * of a location other work-groups update atomically), and such a device
 * program must not make the executor's own C undefined. On x86-64 and arm64
 * an aligned relaxed access is an ordinary load or store. Misaligned accesses
 * and ones that straddle a page are copied bytewise.
 */
#define ACC_ALIGNED(acc, size) ((acc)->n0 == (size) && !((uintptr_t)(acc)->p[0] & ((size)-1)))

static inline uint64_t acc_load(const struct access *acc, uint32_t size)
{
    uint64_t v = 0;

    if (ACC_ALIGNED(acc, size)) {
        switch (size) {
        case 1:
            return __atomic_load_n(acc->p[0], __ATOMIC_RELAXED);
        case 2:
            return __atomic_load_n((const uint16_t *)(const void *)acc->p[0], __ATOMIC_RELAXED);
        case 4:
            return __atomic_load_n((const uint32_t *)(const void *)acc->p[0], __ATOMIC_RELAXED);
        default:
            return __atomic_load_n((const uint64_t *)(const void *)acc->p[0], __ATOMIC_RELAXED);
        }
    }
    /* Little-endian host: the low bytes of v are the first bytes in memory. */
    memcpy(&v, acc->p[0], acc->n0);
    if (size > acc->n0)
        memcpy((uint8_t *)&v + acc->n0, acc->p[1], size - acc->n0);
    return v;
}

static inline void acc_store(const struct access *acc, uint32_t size, uint64_t v)
{
    if (ACC_ALIGNED(acc, size)) {
        switch (size) {
        case 1:
            __atomic_store_n(acc->p[0], (uint8_t)v, __ATOMIC_RELAXED);
            return;
        case 2:
            __atomic_store_n((uint16_t *)(void *)acc->p[0], (uint16_t)v, __ATOMIC_RELAXED);
            return;
        case 4:
            __atomic_store_n((uint32_t *)(void *)acc->p[0], (uint32_t)v, __ATOMIC_RELAXED);
            return;
        default:
            __atomic_store_n((uint64_t *)(void *)acc->p[0], v, __ATOMIC_RELAXED);
            return;
        }
    }
    memcpy(acc->p[0], &v, acc->n0);
    if (size > acc->n0)
        memcpy(acc->p[1], (uint8_t *)&v + acc->n0, size - acc->n0);
}

/* Stop at active index @i: a fault resumes there. */
#define MEM_STOP(st, i)                                                                            \
    do {                                                                                           \
        if ((st) == HMM_FAULT)                                                                     \
            w->resume = (i);                                                                       \
        return (st);                                                                               \
    } while (0)

/* Iterate active indices from @start with both index and lane (memory ops). */
#define FOR_ACTIVE(start, ...)                                                                     \
    do {                                                                                           \
        for (uint32_t i = (start); i < w->nact; i++) {                                             \
            uint32_t l = w->all ? i : w->act[i];                                                   \
            __VA_ARGS__                                                                            \
        }                                                                                          \
    } while (0)

static enum hmm_status exec_ld(struct hmm_wave *w, const struct hmm_insn *in, uint32_t pc,
                               uint32_t start)
{
    uint64_t *D = hmm_reg(w, in->dst), *A = hmm_reg(w, in->a);
    uint32_t size = type_size(in->type);
    int64_t imm = in->imm;
    struct access acc = {{NULL, NULL}, 0};

    if ((in->mod == HMM_SPACE_GLOBAL || in->mod == HMM_SPACE_CONSTANT) &&
        (!w->launch.mem || !w->launch.mem->translate)) {
        /* Host pointers (the CPU device): no translation, no page split. */
        FOR_ACTIVE(start, {
            uint64_t addr = A[l] + (uint64_t)imm;
            if ((addr >> HMM_ADDR_TAG_SHIFT) || addr < PAGE_SIZE_4K) {
                enum hmm_status st = resolve(w, pc, l, in->mod, addr, size, 0, &acc);
                MEM_STOP(st, i);
            }
            acc.p[0] = (uint8_t *)(uintptr_t)addr;
            acc.n0 = size;
            D[l] = acc_load(&acc, size);
        });
        return HMM_YIELD;
    }
    FOR_ACTIVE(start, {
        enum hmm_status st = resolve(w, pc, l, in->mod, A[l] + (uint64_t)imm, size, 0, &acc);
        if (st != HMM_YIELD)
            MEM_STOP(st, i);
        D[l] = acc_load(&acc, size);
    });
    return HMM_YIELD;
}

static enum hmm_status exec_st(struct hmm_wave *w, const struct hmm_insn *in, uint32_t pc,
                               uint32_t start)
{
    uint64_t *A = hmm_reg(w, in->a), *B = hmm_reg(w, in->b);
    uint32_t size = type_size(in->type);
    int64_t imm = in->imm;
    struct access acc = {{NULL, NULL}, 0};

    FOR_ACTIVE(start, {
        enum hmm_status st = resolve(w, pc, l, in->mod, A[l] + (uint64_t)imm, size, 1, &acc);
        if (st != HMM_YIELD)
            MEM_STOP(st, i);
        acc_store(&acc, size, B[l]);
    });
    return HMM_YIELD;
}

#define SEQ __ATOMIC_SEQ_CST
#define DEFINE_ATOMIC(NAME, T, ST)                                                                 \
    static uint64_t NAME(T *p, int op, T b, T c)                                                   \
    {                                                                                              \
        T old, nv;                                                                                 \
        switch (op) {                                                                              \
        case HMM_ATOMIC_LOAD:                                                                      \
            return __atomic_load_n(p, SEQ);                                                        \
        case HMM_ATOMIC_STORE:                                                                     \
            __atomic_store_n(p, b, SEQ);                                                           \
            return 0;                                                                              \
        case HMM_ATOMIC_XCHG:                                                                      \
            return __atomic_exchange_n(p, b, SEQ);                                                 \
        case HMM_ATOMIC_CMPXCHG:                                                                   \
            old = c;                                                                               \
            __atomic_compare_exchange_n(p, &old, b, 0, SEQ, SEQ);                                  \
            return old;                                                                            \
        case HMM_ATOMIC_ADD:                                                                       \
            return __atomic_fetch_add(p, b, SEQ);                                                  \
        case HMM_ATOMIC_SUB:                                                                       \
            return __atomic_fetch_sub(p, b, SEQ);                                                  \
        case HMM_ATOMIC_AND:                                                                       \
            return __atomic_fetch_and(p, b, SEQ);                                                  \
        case HMM_ATOMIC_OR:                                                                        \
            return __atomic_fetch_or(p, b, SEQ);                                                   \
        case HMM_ATOMIC_XOR:                                                                       \
            return __atomic_fetch_xor(p, b, SEQ);                                                  \
        default:                                                                                   \
            break;                                                                                 \
        }                                                                                          \
        old = __atomic_load_n(p, __ATOMIC_RELAXED);                                                \
        do {                                                                                       \
            switch (op) {                                                                          \
            case HMM_ATOMIC_SMIN:                                                                  \
                nv = (ST)b < (ST)old ? b : old;                                                    \
                break;                                                                             \
            case HMM_ATOMIC_SMAX:                                                                  \
                nv = (ST)b > (ST)old ? b : old;                                                    \
                break;                                                                             \
            case HMM_ATOMIC_UMIN:                                                                  \
                nv = b < old ? b : old;                                                            \
                break;                                                                             \
            default:                                                                               \
                nv = b > old ? b : old;                                                            \
                break;                                                                             \
            }                                                                                      \
        } while (!__atomic_compare_exchange_n(p, &old, nv, 1, SEQ, __ATOMIC_RELAXED));             \
        return old;                                                                                \
    }

DEFINE_ATOMIC(atomic32, uint32_t, int32_t)
DEFINE_ATOMIC(atomic64, uint64_t, int64_t)

static enum hmm_status exec_atomic(struct hmm_wave *w, const struct hmm_insn *in, uint32_t pc,
                                   uint32_t start)
{
    uint64_t *D = hmm_reg(w, in->dst), *A = hmm_reg(w, in->a);
    uint64_t *B = hmm_reg(w, in->b), *C = hmm_reg(w, in->c);
    uint32_t size = type_size(in->type);
    int write = in->flags != HMM_ATOMIC_LOAD;
    struct access acc = {{NULL, NULL}, 0};

    FOR_ACTIVE(start, {
        uint64_t addr = A[l];
        if (addr & (size - 1))
            return hmm_wave_trap(w, "misaligned atomic at insn %u: address 0x%llx", pc,
                                 (unsigned long long)addr);
        enum hmm_status st = resolve(w, pc, l, in->mod, addr, size, write, &acc);
        if (st != HMM_YIELD)
            MEM_STOP(st, i);
        if (size == 4)
            D[l] = atomic32((uint32_t *)acc.p[0], in->flags, (uint32_t)B[l], (uint32_t)C[l]);
        else
            D[l] = atomic64((uint64_t *)acc.p[0], in->flags, B[l], C[l]);
    });
    return HMM_YIELD;
}

static void fence(const struct hmm_insn *in)
{
    /* Lanes of a wave run on one thread: only other threads need ordering. */
    if ((in->imm & 0xf) != HMM_ORDER_RELAXED && ((in->imm >> 4) & 0xf) >= HMM_SCOPE_DEVICE)
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static uint64_t wi_value(struct hmm_wave *w, uint32_t lane, int q, int d)
{
    const struct hmm_launch *L = &w->launch;

    switch (q) {
    case HMM_WI_GLOBAL_ID:
        return w->group_id[d] * L->local_size[d] + w->lid[d][lane] + L->global_offset[d];
    case HMM_WI_LOCAL_ID:
        return w->lid[d][lane];
    case HMM_WI_GROUP_ID:
        return w->group_id[d];
    case HMM_WI_GLOBAL_SIZE:
        return L->global_size[d];
    case HMM_WI_LOCAL_SIZE:
        return w->group_size[d];
    case HMM_WI_ENQUEUED_LOCAL_SIZE:
        return L->local_size[d];
    case HMM_WI_NUM_GROUPS:
        return w->num_groups[d];
    case HMM_WI_GLOBAL_OFFSET:
        return L->global_offset[d];
    case HMM_WI_WORK_DIM:
        return L->work_dim;
    case HMM_WI_GLOBAL_LINEAR_ID: {
        uint64_t g[3];
        for (int i = 0; i < 3; i++)
            g[i] = w->group_id[i] * L->local_size[i] + w->lid[i][lane];
        return (g[2] * L->global_size[1] + g[1]) * L->global_size[0] + g[0];
    }
    case HMM_WI_SUB_GROUP_SIZE: {
        uint32_t first = lane - lane % HMM_SUB_GROUP_SIZE;
        return w->lanes - first < HMM_SUB_GROUP_SIZE ? w->lanes - first : HMM_SUB_GROUP_SIZE;
    }
    case HMM_WI_MAX_SUB_GROUP_SIZE:
        return w->max_lanes < HMM_SUB_GROUP_SIZE ? w->max_lanes : HMM_SUB_GROUP_SIZE;
    case HMM_WI_NUM_SUB_GROUPS:
        return (w->lanes + HMM_SUB_GROUP_SIZE - 1) / HMM_SUB_GROUP_SIZE;
    case HMM_WI_ENQUEUED_NUM_SUB_GROUPS:
        return (w->max_lanes + HMM_SUB_GROUP_SIZE - 1) / HMM_SUB_GROUP_SIZE;
    case HMM_WI_SUB_GROUP_ID:
        return lane / HMM_SUB_GROUP_SIZE;
    case HMM_WI_SUB_GROUP_LOCAL_ID:
        return lane % HMM_SUB_GROUP_SIZE;
    default: /* HMM_WI_LOCAL_LINEAR_ID: lanes are numbered in that order */
        return lane;
    }
}

/* SWAR popcount: __builtin_popcountll may call libgcc's __popcountdi2, absent in the kernel. */
static inline uint64_t popcount64(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (x * 0x0101010101010101ull) >> 56;
}

/* Integer ALU: operands read at the type's width, results canonical. */
static void exec_int(struct hmm_wave *w, const struct hmm_insn *in)
{
    uint64_t *D = hmm_reg(w, in->dst), *A = hmm_reg(w, in->a), *B = hmm_reg(w, in->b);
    uint32_t bits = type_size(in->type) * 8, sh = bits - 1;
    uint64_t m = hmm_mask(bits);
    int sgn = in->mod == HMM_SIGNED;

    switch (in->op) {
    case HMM_OP_ADD:
        HMM_FOR_LANES(w, 0, D[l] = (A[l] + B[l]) & m;);
        break;
    case HMM_OP_SUB:
        HMM_FOR_LANES(w, 0, D[l] = (A[l] - B[l]) & m;);
        break;
    case HMM_OP_MUL:
        HMM_FOR_LANES(w, 0, D[l] = (A[l] * B[l]) & m;);
        break;
    case HMM_OP_DIV:
        if (sgn)
            HMM_FOR_LANES(w, 0, {
                int64_t a = hmm_sext(A[l], bits), b = hmm_sext(B[l], bits);
                D[l] = (b == 0 ? 0 : b == -1 ? 0 - (uint64_t)a : (uint64_t)(a / b)) & m;
            });
        else
            HMM_FOR_LANES(w, 0, {
                uint64_t b = B[l] & m;
                D[l] = b ? (A[l] & m) / b : 0;
            });
        break;
    case HMM_OP_REM:
        if (sgn)
            HMM_FOR_LANES(w, 0, {
                int64_t a = hmm_sext(A[l], bits), b = hmm_sext(B[l], bits);
                D[l] = (b == 0 || b == -1 ? 0 : (uint64_t)(a % b)) & m;
            });
        else
            HMM_FOR_LANES(w, 0, {
                uint64_t b = B[l] & m;
                D[l] = b ? (A[l] & m) % b : 0;
            });
        break;
    case HMM_OP_NEG:
        HMM_FOR_LANES(w, 0, D[l] = (0 - A[l]) & m;);
        break;
    case HMM_OP_AND:
        HMM_FOR_LANES(w, 0, D[l] = A[l] & B[l] & m;);
        break;
    case HMM_OP_OR:
        HMM_FOR_LANES(w, 0, D[l] = (A[l] | B[l]) & m;);
        break;
    case HMM_OP_XOR:
        HMM_FOR_LANES(w, 0, D[l] = (A[l] ^ B[l]) & m;);
        break;
    case HMM_OP_NOT:
        HMM_FOR_LANES(w, 0, D[l] = ~A[l] & m;);
        break;
    case HMM_OP_SHL:
        HMM_FOR_LANES(w, 0, D[l] = (A[l] << (B[l] & sh)) & m;);
        break;
    case HMM_OP_SHR:
        if (sgn)
            HMM_FOR_LANES(w, 0, D[l] = (uint64_t)(hmm_sext(A[l], bits) >> (B[l] & sh)) & m;);
        else
            HMM_FOR_LANES(w, 0, D[l] = (A[l] & m) >> (B[l] & sh););
        break;
    case HMM_OP_MULHI:
        if (bits == 64) {
            if (sgn)
                HMM_FOR_LANES(w, 0, {
                    __int128 p = (__int128)(int64_t)A[l] * (int64_t)B[l];
                    D[l] = (uint64_t)(p >> 64);
                });
            else
                HMM_FOR_LANES(w, 0, {
                    unsigned __int128 p = (unsigned __int128)A[l] * B[l];
                    D[l] = (uint64_t)(p >> 64);
                });
        } else if (sgn) {
            HMM_FOR_LANES(w, 0, {
                int64_t p = hmm_sext(A[l], bits) * hmm_sext(B[l], bits);
                D[l] = (uint64_t)(p >> bits) & m;
            });
        } else {
            HMM_FOR_LANES(w, 0, D[l] = (((A[l] & m) * (B[l] & m)) >> bits) & m;);
        }
        break;
    case HMM_OP_MIN:
    case HMM_OP_MAX: {
        int mx = in->op == HMM_OP_MAX;
        if (sgn)
            HMM_FOR_LANES(w, 0, {
                int64_t a = hmm_sext(A[l], bits), b = hmm_sext(B[l], bits);
                D[l] = (uint64_t)((a < b) != mx ? a : b) & m;
            });
        else
            HMM_FOR_LANES(w, 0, {
                uint64_t a = A[l] & m, b = B[l] & m;
                D[l] = (a < b) != mx ? a : b;
            });
        break;
    }
    case HMM_OP_ABS:
        if (sgn)
            HMM_FOR_LANES(w, 0, {
                int64_t a = hmm_sext(A[l], bits);
                D[l] = (a < 0 ? 0 - (uint64_t)a : (uint64_t)a) & m;
            });
        else
            HMM_FOR_LANES(w, 0, D[l] = A[l] & m;);
        break;
    case HMM_OP_CMP: {
        int cc = in->mod;
        HMM_FOR_LANES(w, 0, {
            uint64_t a = A[l] & m, b = B[l] & m;
            int64_t sa = hmm_sext(a, bits), sb = hmm_sext(b, bits);
            int r;
            switch (cc) {
            case HMM_CC_EQ:
                r = a == b;
                break;
            case HMM_CC_NE:
                r = a != b;
                break;
            case HMM_CC_LT:
                r = sa < sb;
                break;
            case HMM_CC_LE:
                r = sa <= sb;
                break;
            case HMM_CC_GT:
                r = sa > sb;
                break;
            case HMM_CC_GE:
                r = sa >= sb;
                break;
            case HMM_CC_ULT:
                r = a < b;
                break;
            case HMM_CC_ULE:
                r = a <= b;
                break;
            case HMM_CC_UGT:
                r = a > b;
                break;
            default:
                r = a >= b;
                break;
            }
            D[l] = (uint64_t)r;
        });
        break;
    }
    case HMM_OP_CLZ:
        HMM_FOR_LANES(w, 0, {
            uint64_t a = A[l] & m;
            D[l] = a ? (uint64_t)(__builtin_clzll(a) - (64 - bits)) : bits;
        });
        break;
    case HMM_OP_CTZ:
        HMM_FOR_LANES(w, 0, {
            uint64_t a = A[l] & m;
            D[l] = a ? (uint64_t)__builtin_ctzll(a) : bits;
        });
        break;
    case HMM_OP_POPCNT:
        HMM_FOR_LANES(w, 0, D[l] = popcount64(A[l] & m););
        break;
    default:
        break;
    }
}

static int is_float(uint8_t type)
{
    return type == HMM_T_F32 || type == HMM_T_F64;
}

enum hmm_status hmm_wave_run(struct hmm_wave *w, uint64_t budget)
{
    uint64_t used = 0;

    if (w->status != HMM_YIELD && w->status != HMM_FAULT)
        return w->status;
    w->status = HMM_YIELD;
    for (;;) {
        if (w->need_schedule) {
            enum hmm_status st = wave_schedule(w);
            if (st != HMM_YIELD)
                return st;
        }
        uint32_t pc = w->cur_pc;
        const struct hmm_insn *in = &w->code[pc];
        uint32_t start = w->resume;
        enum hmm_status st;

        w->resume = 0;
        switch (in->op) {
        case HMM_OP_NOP:
            break;
        case HMM_OP_MOV: {
            uint64_t *D = hmm_reg(w, in->dst), *A = hmm_reg(w, in->a);
            HMM_FOR_LANES(w, 0, D[l] = A[l];);
            break;
        }
        case HMM_OP_MOVI:
        case HMM_OP_MOVK:
        case HMM_OP_DATA_ADDR:
        case HMM_OP_PRIVATE_ADDR:
        case HMM_OP_LOCAL_ADDR: {
            uint64_t *D = hmm_reg(w, in->dst), v;
            if (in->op == HMM_OP_MOVI)
                v = (uint64_t)(int64_t)in->imm & hmm_mask(type_size(in->type) * 8);
            else if (in->op == HMM_OP_MOVK)
                v = w->prog->literals[in->imm];
            else if (in->op == HMM_OP_DATA_ADDR)
                v = w->launch.data_base + (uint32_t)in->imm;
            else if (in->op == HMM_OP_PRIVATE_ADDR)
                v = HMM_ADDR_PRIVATE_BASE + (uint32_t)in->imm;
            else
                v = HMM_ADDR_LOCAL_BASE + (uint32_t)in->imm;
            HMM_FOR_LANES(w, 0, D[l] = v;);
            break;
        }
        case HMM_OP_ADD:
        case HMM_OP_SUB:
        case HMM_OP_MUL:
        case HMM_OP_DIV:
        case HMM_OP_REM:
        case HMM_OP_NEG:
        case HMM_OP_MIN:
        case HMM_OP_MAX:
        case HMM_OP_ABS:
        case HMM_OP_CMP:
            if (is_float(in->type))
                hmm_exec_float(w, in);
            else
                exec_int(w, in);
            break;
        case HMM_OP_AND:
        case HMM_OP_OR:
        case HMM_OP_XOR:
        case HMM_OP_NOT:
        case HMM_OP_SHL:
        case HMM_OP_SHR:
        case HMM_OP_MULHI:
        case HMM_OP_CLZ:
        case HMM_OP_CTZ:
        case HMM_OP_POPCNT:
            exec_int(w, in);
            break;
        case HMM_OP_MATH:
            hmm_exec_float(w, in);
            break;
        case HMM_OP_CVT:
            hmm_exec_cvt(w, in);
            break;
        case HMM_OP_SELECT: {
            uint64_t *D = hmm_reg(w, in->dst), *A = hmm_reg(w, in->a);
            uint64_t *B = hmm_reg(w, in->b), *C = hmm_reg(w, in->c);
            HMM_FOR_LANES(w, 0, D[l] = A[l] ? B[l] : C[l];);
            break;
        }
        case HMM_OP_LD:
            st = exec_ld(w, in, pc, start);
            if (st != HMM_YIELD)
                return st;
            break;
        case HMM_OP_ST:
            st = exec_st(w, in, pc, start);
            if (st != HMM_YIELD)
                return st;
            break;
        case HMM_OP_ATOMIC:
            st = exec_atomic(w, in, pc, start);
            if (st != HMM_YIELD)
                return st;
            break;
        case HMM_OP_FENCE:
            fence(in);
            break;
        case HMM_OP_WI: {
            uint64_t *D = hmm_reg(w, in->dst);
            uint64_t m = hmm_mask(type_size(in->type) * 8);
            int q = in->imm, d = in->mod;
            if (q == HMM_WI_LOCAL_ID) {
                const uint32_t *lid = w->lid[d];
                HMM_FOR_LANES(w, 0, D[l] = lid[l] & m;);
            } else if (q == HMM_WI_GLOBAL_ID) {
                const uint32_t *lid = w->lid[d];
                uint64_t base =
                    w->group_id[d] * w->launch.local_size[d] + w->launch.global_offset[d];
                HMM_FOR_LANES(w, 0, D[l] = (base + lid[l]) & m;);
            } else {
                HMM_FOR_LANES(w, 0, D[l] = wi_value(w, l, q, d) & m;);
            }
            break;
        }
        case HMM_OP_LDARG: {
            uint64_t *D = hmm_reg(w, in->dst), v = 0;
            memcpy(&v, w->launch.args + in->imm, type_size(in->type));
            HMM_FOR_LANES(w, 0, D[l] = v;);
            break;
        }
        case HMM_OP_SPACE_OF: {
            uint64_t *D = hmm_reg(w, in->dst), *A = hmm_reg(w, in->a);
            HMM_FOR_LANES(w, 0, {
                uint64_t tag = A[l] >> HMM_ADDR_TAG_SHIFT;
                D[l] = tag == HMM_ADDR_TAG_LOCAL     ? HMM_SPACE_LOCAL
                       : tag == HMM_ADDR_TAG_PRIVATE ? HMM_SPACE_PRIVATE
                                                     : HMM_SPACE_GLOBAL;
            });
            break;
        }
        case HMM_OP_BR:
            if (w->nact == w->nrunning) {
                w->cur_pc = (uint32_t)in->imm;
                goto counted;
            }
            save_active_pcs(w, (uint32_t)in->imm);
            w->need_schedule = 1;
            goto counted;
        case HMM_OP_BRC: {
            uint64_t *A = hmm_reg(w, in->a);
            uint32_t taken = 0, target = (uint32_t)in->imm;
            HMM_FOR_LANES(w, 0, taken += A[l] != 0;);
            if (w->nact == w->nrunning && (taken == 0 || taken == w->nact)) {
                w->cur_pc = taken ? target : pc + 1;
                goto counted;
            }
            HMM_FOR_LANES(w, 0, w->pc[l] = A[l] ? target : pc + 1;);
            w->need_schedule = 1;
            goto counted;
        }
        case HMM_OP_CALL: {
            uint32_t entry = w->prog->functions[in->imm].entry;
            HMM_FOR_LANES(w, 0, {
                if (w->sp[l] >= HMM_MAX_CALL_DEPTH)
                    return hmm_wave_trap(w, "call stack overflow at insn %u", pc);
                w->stack[l * HMM_MAX_CALL_DEPTH + w->sp[l]++] = pc + 1;
            });
            if (w->nact == w->nrunning) {
                w->cur_pc = entry;
                goto counted;
            }
            save_active_pcs(w, entry);
            w->need_schedule = 1;
            goto counted;
        }
        case HMM_OP_RET:
            HMM_FOR_LANES(w, 0, {
                if (w->sp[l]) {
                    w->pc[l] = w->stack[l * HMM_MAX_CALL_DEPTH + --w->sp[l]];
                } else {
                    w->state[l] = HMM_LANE_DONE;
                    w->nrunning--;
                    w->ndone++;
                }
            });
            w->need_schedule = 1;
            goto counted;
        case HMM_OP_BARRIER:
        case HMM_OP_GROUP:
            HMM_FOR_LANES(w, 0, {
                w->state[l] = HMM_LANE_BARRIER;
                w->pc[l] = pc;
            });
            w->nrunning -= w->nact;
            w->nbarrier += w->nact;
            w->need_schedule = 1;
            goto counted;
        default: /* HMM_OP_TRAP; the verifier admits no other opcode */
            return hmm_wave_trap(w, "trap at insn %u (code %d)", pc, in->imm);
        }
        w->cur_pc = pc + 1;
    counted:
        used += w->nact;
        if (used >= budget) {
            w->status = HMM_YIELD;
            return HMM_YIELD;
        }
    }
}
