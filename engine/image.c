// SPDX-License-Identifier: MIT
/*
 * DOC: image parsing
 *
 * hmm_image_parse() turns an untrusted byte buffer into a struct hmm_program
 * whose section pointers may be dereferenced without further checks: the
 * header is complete, the version is one this engine runs, every section
 * lies inside the image (offset + count * entry size computed in 64 bits),
 * starts 8-byte aligned behind the header, and the string section ends in a
 * NUL so every string offset inside it names a terminated string. What the
 * entries mean (instruction fields, function ranges, kernel arguments) is
 * hmm_verify()'s business.
 */
#include "engine/engine.h"

void hmm_log_printf(struct hmm_log *log, const char *fmt, ...)
{
    va_list ap;

    if (!log || !log->buf || !log->size)
        return;
    if (log->len >= log->size - 1) {
        log->buf[log->size - 1] = '\0';
        return;
    }
    va_start(ap, fmt);
    int n = hmm_vsnprintf(log->buf + log->len, log->size - log->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    log->len += (size_t)n;
    if (log->len >= log->size)
        log->len = log->size - 1;
    log->buf[log->len] = '\0';
}

static int section(const struct hmm_image_header *h, const struct hmm_section *sec,
                   const char *name, uint32_t entry_size, struct hmm_log *log)
{
    uint64_t end = (uint64_t)sec->offset + (uint64_t)sec->count * entry_size;

    if (!sec->count)
        return 0;
    if (sec->offset & 7) {
        hmm_log_printf(log, "image: %s section offset %u not 8-byte aligned\n", name, sec->offset);
        return -HMM_EINVAL;
    }
    if (sec->offset < sizeof(*h) || end > h->size) {
        hmm_log_printf(log, "image: %s section [%u, %llu) outside the image (%u bytes)\n", name,
                       sec->offset, (unsigned long long)end, h->size);
        return -HMM_EINVAL;
    }
    return 0;
}

int hmm_image_parse(const void *image, size_t size, struct hmm_program *prog, struct hmm_log *log)
{
    const struct hmm_image_header *h = image;
    const uint8_t *base = image;

    memset(prog, 0, sizeof(*prog));
    if (!image || size < sizeof(*h)) {
        hmm_log_printf(log, "image: %zu bytes, smaller than the header\n", size);
        return -HMM_EINVAL;
    }
    if ((uintptr_t)image & 7) {
        hmm_log_printf(log, "image: buffer not 8-byte aligned\n");
        return -HMM_EINVAL;
    }
    if (h->magic != HMM_IMAGE_MAGIC) {
        hmm_log_printf(log, "image: bad magic 0x%08x\n", h->magic);
        return -HMM_EINVAL;
    }
    if (h->version_major != HMM_ISA_VERSION_MAJOR) {
        hmm_log_printf(log, "image: ISA version %u.%u, this engine runs %u.x\n", h->version_major,
                       h->version_minor, HMM_ISA_VERSION_MAJOR);
        return -HMM_EINVAL;
    }
    if (h->version_minor > HMM_ISA_VERSION_MINOR) {
        hmm_log_printf(log, "image: ISA version %u.%u is newer than this engine's %u.%u\n",
                       h->version_major, h->version_minor, HMM_ISA_VERSION_MAJOR,
                       HMM_ISA_VERSION_MINOR);
        return -HMM_EINVAL;
    }
    if (h->size < sizeof(*h) || h->size > size) {
        hmm_log_printf(log, "image: header size %u, buffer %zu bytes\n", h->size, size);
        return -HMM_EINVAL;
    }
    if (h->reserved) {
        hmm_log_printf(log, "image: reserved header fields not zero\n");
        return -HMM_EINVAL;
    }
    if (h->num_regs > HMM_MAX_REGS) {
        hmm_log_printf(log, "image: %u registers, at most %u\n", h->num_regs, HMM_MAX_REGS);
        return -HMM_EINVAL;
    }
    if (section(h, &h->code, "code", sizeof(struct hmm_insn), log) ||
        section(h, &h->literals, "literals", sizeof(uint64_t), log) ||
        section(h, &h->functions, "functions", sizeof(struct hmm_function), log) ||
        section(h, &h->kernels, "kernels", sizeof(struct hmm_kernel), log) ||
        section(h, &h->args, "args", sizeof(struct hmm_kernel_arg), log) ||
        section(h, &h->data, "data", 1, log) || section(h, &h->strings, "strings", 1, log) ||
        section(h, &h->relocs, "relocs", sizeof(uint32_t), log))
        return -HMM_EINVAL;
    if (h->data.count > h->data_size) {
        hmm_log_printf(log, "image: %u initial data bytes, data segment %u bytes\n", h->data.count,
                       h->data_size);
        return -HMM_EINVAL;
    }
    /* Each relocation names an aligned 8-byte slot of the initial bytes holding a segment offset.
     */
    const uint32_t *relocs = (const uint32_t *)(base + h->relocs.offset);
    for (uint32_t i = 0; i < h->relocs.count; i++) {
        uint64_t slot;
        if ((relocs[i] & 7) || (uint64_t)relocs[i] + 8 > h->data.count) {
            hmm_log_printf(log, "image: relocation %u at %u outside the initial data (%u bytes)\n",
                           i, relocs[i], h->data.count);
            return -HMM_EINVAL;
        }
        memcpy(&slot, base + h->data.offset + relocs[i], sizeof(slot));
        if (slot > h->data_size) {
            hmm_log_printf(log, "image: relocation %u points %llu bytes into a %u-byte segment\n",
                           i, (unsigned long long)slot, h->data_size);
            return -HMM_EINVAL;
        }
    }
    if (h->strings.count && base[h->strings.offset + h->strings.count - 1] != '\0') {
        hmm_log_printf(log, "image: string section not NUL-terminated\n");
        return -HMM_EINVAL;
    }

    prog->header = h;
    prog->code = (const struct hmm_insn *)(base + h->code.offset);
    prog->num_insns = h->code.count;
    prog->literals = (const uint64_t *)(base + h->literals.offset);
    prog->num_literals = h->literals.count;
    prog->functions = (const struct hmm_function *)(base + h->functions.offset);
    prog->num_functions = h->functions.count;
    prog->kernels = (const struct hmm_kernel *)(base + h->kernels.offset);
    prog->num_kernels = h->kernels.count;
    prog->args = (const struct hmm_kernel_arg *)(base + h->args.offset);
    prog->num_args = h->args.count;
    prog->data = base + h->data.offset;
    prog->data_init_size = h->data.count;
    prog->data_size = h->data_size;
    prog->relocs = relocs;
    prog->num_relocs = h->relocs.count;
    prog->strings = (const char *)(base + h->strings.offset);
    prog->strings_size = h->strings.count;
    prog->num_regs = h->num_regs;
    return 0;
}

const char *hmm_program_string(const struct hmm_program *prog, uint32_t offset)
{
    if (offset >= prog->strings_size)
        return "";
    return prog->strings + offset;
}

int hmm_program_find_kernel(const struct hmm_program *prog, const char *name)
{
    for (uint32_t k = 0; k < prog->num_kernels; k++) {
        if (!strcmp(hmm_program_string(prog, prog->kernels[k].name), name))
            return (int)k;
    }
    return -1;
}
