// SPDX-License-Identifier: MIT
/*
 * DOC: image builder
 *
 * Growable arrays, one per section, filled by the compiler (or a test) and
 * laid out by hmm_builder_finish() behind the header, each section 8-byte
 * aligned, in the order of struct hmm_image_header. Literals and strings are
 * deduplicated through small open-addressing hash tables. Userspace only.
 */
#include "engine/builder.h"
#include "engine/platform.h"

struct hmm_vec {
    void *data;
    size_t len; /* elements */
    size_t cap; /* elements */
};

/* Hash set of indices (literal index or string offset), 0 means empty: stored as index + 1. */
struct hmm_set {
    uint32_t *slots;
    size_t cap; /* power of two */
    size_t used;
};

struct hmm_builder {
    struct hmm_vec code;      /* struct hmm_insn */
    struct hmm_vec literals;  /* uint64_t */
    struct hmm_vec functions; /* struct hmm_function */
    struct hmm_vec kernels;   /* struct hmm_kernel */
    struct hmm_vec args;      /* struct hmm_kernel_arg */
    struct hmm_vec data;      /* uint8_t: initial bytes (may be shorter than data_size) */
    struct hmm_vec strings;   /* char */
    struct hmm_vec relocs;    /* uint32_t */
    struct hmm_set literal_set;
    struct hmm_set string_set;
    uint32_t data_size;
    uint32_t num_regs;
    int failed;
};

static void *vec_grow(struct hmm_builder *b, struct hmm_vec *v, size_t elem, size_t n)
{
    if (b->failed)
        return NULL;
    if (v->len + n > UINT32_MAX) {
        b->failed = 1;
        return NULL;
    }
    if (v->len + n > v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        while (cap < v->len + n)
            cap *= 2;
        void *p = realloc(v->data, cap * elem);
        if (!p) {
            b->failed = 1;
            return NULL;
        }
        v->data = p;
        v->cap = cap;
    }
    void *at = (char *)v->data + v->len * elem;
    v->len += n;
    return at;
}

static uint64_t hash64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return hash64(h);
}

/* Grow @set when 3/4 full; @rehash computes a slot value's hash. */
static int set_reserve(struct hmm_builder *b, struct hmm_set *set,
                       uint64_t (*rehash)(struct hmm_builder *, uint32_t))
{
    if ((set->used + 1) * 4 <= set->cap * 3)
        return 0;
    size_t cap = set->cap ? set->cap * 2 : 64;
    uint32_t *slots = calloc(cap, sizeof(*slots));
    if (!slots) {
        b->failed = 1;
        return -HMM_ENOMEM;
    }
    for (size_t i = 0; i < set->cap; i++) {
        if (!set->slots[i])
            continue;
        size_t j = rehash(b, set->slots[i] - 1) & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = set->slots[i];
    }
    free(set->slots);
    set->slots = slots;
    set->cap = cap;
    return 0;
}

static uint64_t literal_hash(struct hmm_builder *b, uint32_t index)
{
    return hash64(((const uint64_t *)b->literals.data)[index]);
}

static uint64_t string_hash(struct hmm_builder *b, uint32_t offset)
{
    return hash_str((const char *)b->strings.data + offset);
}

struct hmm_builder *hmm_builder_create(void)
{
    struct hmm_builder *b = calloc(1, sizeof(*b));
    if (!b)
        return NULL;
    /* Offset 0 is the empty string, so a zero name field reads as "". */
    hmm_builder_string(b, "");
    return b;
}

void hmm_builder_destroy(struct hmm_builder *b)
{
    if (!b)
        return;
    free(b->code.data);
    free(b->literals.data);
    free(b->functions.data);
    free(b->kernels.data);
    free(b->args.data);
    free(b->data.data);
    free(b->strings.data);
    free(b->relocs.data);
    free(b->literal_set.slots);
    free(b->string_set.slots);
    free(b);
}

uint32_t hmm_builder_emit(struct hmm_builder *b, struct hmm_insn insn)
{
    uint32_t index = (uint32_t)b->code.len;
    struct hmm_insn *at = vec_grow(b, &b->code, sizeof(insn), 1);
    if (at)
        *at = insn;
    return index;
}

struct hmm_insn *hmm_builder_insn(struct hmm_builder *b, uint32_t index)
{
    if (index >= b->code.len)
        return NULL;
    return (struct hmm_insn *)b->code.data + index;
}

uint32_t hmm_builder_here(const struct hmm_builder *b)
{
    return (uint32_t)b->code.len;
}

uint32_t hmm_builder_literal(struct hmm_builder *b, uint64_t value)
{
    if (b->failed || set_reserve(b, &b->literal_set, literal_hash))
        return 0;
    struct hmm_set *set = &b->literal_set;
    const uint64_t *lits = b->literals.data;
    size_t j = hash64(value) & (set->cap - 1);
    for (; set->slots[j]; j = (j + 1) & (set->cap - 1)) {
        if (lits[set->slots[j] - 1] == value)
            return set->slots[j] - 1;
    }
    uint32_t index = (uint32_t)b->literals.len;
    uint64_t *at = vec_grow(b, &b->literals, sizeof(*at), 1);
    if (!at)
        return 0;
    *at = value;
    set->slots[j] = index + 1;
    set->used++;
    return index;
}

uint32_t hmm_builder_string(struct hmm_builder *b, const char *s)
{
    if (!s)
        s = "";
    if (b->failed || set_reserve(b, &b->string_set, string_hash))
        return 0;
    struct hmm_set *set = &b->string_set;
    size_t j = hash_str(s) & (set->cap - 1);
    for (; set->slots[j]; j = (j + 1) & (set->cap - 1)) {
        if (!strcmp((const char *)b->strings.data + set->slots[j] - 1, s))
            return set->slots[j] - 1;
    }
    size_t n = strlen(s) + 1;
    uint32_t offset = (uint32_t)b->strings.len;
    if (offset == UINT32_MAX) {
        b->failed = 1;
        return 0;
    }
    char *at = vec_grow(b, &b->strings, 1, n);
    if (!at)
        return 0;
    memcpy(at, s, n);
    set->slots[j] = offset + 1;
    set->used++;
    return offset;
}

uint32_t hmm_builder_function(struct hmm_builder *b, const struct hmm_function *f)
{
    uint32_t index = (uint32_t)b->functions.len;
    struct hmm_function *at = vec_grow(b, &b->functions, sizeof(*f), 1);
    if (at)
        *at = *f;
    return index;
}

struct hmm_function *hmm_builder_function_at(struct hmm_builder *b, uint32_t index)
{
    if (index >= b->functions.len)
        return NULL;
    return (struct hmm_function *)b->functions.data + index;
}

uint32_t hmm_builder_kernel(struct hmm_builder *b, const struct hmm_kernel *k)
{
    uint32_t index = (uint32_t)b->kernels.len;
    struct hmm_kernel *at = vec_grow(b, &b->kernels, sizeof(*k), 1);
    if (at)
        *at = *k;
    return index;
}

uint32_t hmm_builder_arg(struct hmm_builder *b, const struct hmm_kernel_arg *arg)
{
    uint32_t index = (uint32_t)b->args.len;
    struct hmm_kernel_arg *at = vec_grow(b, &b->args, sizeof(*arg), 1);
    if (at)
        *at = *arg;
    return index;
}

uint32_t hmm_builder_data(struct hmm_builder *b, const void *init, uint32_t size, uint32_t align)
{
    if (b->failed)
        return 0;
    if (!align || (align & (align - 1))) {
        b->failed = 1;
        return 0;
    }
    uint64_t offset = ((uint64_t)b->data_size + align - 1) & ~(uint64_t)(align - 1);
    if (offset + size > UINT32_MAX) {
        b->failed = 1;
        return 0;
    }
    if (init) {
        /* Initial bytes must be explicit up to the end of this object. */
        size_t old = b->data.len;
        uint8_t *at = vec_grow(b, &b->data, 1, (size_t)(offset + size - old));
        if (!at)
            return 0;
        memset(at, 0, (size_t)(offset - old));
        memcpy(at + (offset - old), init, size);
    }
    b->data_size = (uint32_t)(offset + size);
    return (uint32_t)offset;
}

void hmm_builder_data_write(struct hmm_builder *b, uint32_t offset, const void *bytes,
                            uint32_t size)
{
    if (b->failed)
        return;
    if ((uint64_t)offset + size > b->data_size) {
        b->failed = 1;
        return;
    }
    if (offset + size > b->data.len) {
        size_t old = b->data.len;
        uint8_t *at = vec_grow(b, &b->data, 1, offset + size - old);
        if (!at)
            return;
        memset(at, 0, offset + size - old);
    }
    memcpy((uint8_t *)b->data.data + offset, bytes, size);
}

void hmm_builder_reloc(struct hmm_builder *b, uint32_t offset)
{
    uint32_t *at = vec_grow(b, &b->relocs, sizeof(uint32_t), 1);
    if (at)
        *at = offset;
}

void hmm_builder_set_num_regs(struct hmm_builder *b, uint32_t num_regs)
{
    b->num_regs = num_regs;
}

int hmm_builder_failed(const struct hmm_builder *b)
{
    return b->failed;
}

static size_t align8(size_t x)
{
    return (x + 7) & ~(size_t)7;
}

int hmm_builder_finish(struct hmm_builder *b, void **image, size_t *size)
{
    *image = NULL;
    *size = 0;
    if (b->failed)
        return -HMM_ENOMEM;

    struct {
        struct hmm_section *sec;
        const struct hmm_vec *vec;
        size_t elem;
    } parts[8];
    struct hmm_image_header h;
    memset(&h, 0, sizeof(h));
    const struct hmm_vec *vecs[8] = {&b->code, &b->literals, &b->functions, &b->kernels,
                                     &b->args, &b->data,     &b->strings,   &b->relocs};
    struct hmm_section *secs[8] = {&h.code, &h.literals, &h.functions, &h.kernels,
                                   &h.args, &h.data,     &h.strings,   &h.relocs};
    const size_t elems[8] = {sizeof(struct hmm_insn),
                             sizeof(uint64_t),
                             sizeof(struct hmm_function),
                             sizeof(struct hmm_kernel),
                             sizeof(struct hmm_kernel_arg),
                             1,
                             1,
                             sizeof(uint32_t)};

    size_t off = align8(sizeof(h));
    for (int i = 0; i < 8; i++) {
        parts[i].sec = secs[i];
        parts[i].vec = vecs[i];
        parts[i].elem = elems[i];
        off = align8(off);
        secs[i]->offset = (uint32_t)off;
        secs[i]->count = (uint32_t)vecs[i]->len;
        off += vecs[i]->len * elems[i];
        if (off > UINT32_MAX)
            return -HMM_ENOMEM;
    }
    off = align8(off);

    h.magic = HMM_IMAGE_MAGIC;
    h.version_major = HMM_ISA_VERSION_MAJOR;
    h.version_minor = HMM_ISA_VERSION_MINOR;
    h.size = (uint32_t)off;
    h.num_regs = b->num_regs;
    h.data_size = b->data_size;

    uint8_t *buf = calloc(1, off);
    if (!buf)
        return -HMM_ENOMEM;
    memcpy(buf, &h, sizeof(h));
    for (int i = 0; i < 8; i++) {
        if (parts[i].vec->len)
            memcpy(buf + parts[i].sec->offset, parts[i].vec->data,
                   parts[i].vec->len * parts[i].elem);
    }
    *image = buf;
    *size = off;
    return 0;
}
