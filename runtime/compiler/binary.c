/* SPDX-License-Identifier: MIT */
/* The program binary container (see binary.h). */
#include "compiler/binary.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "engine/isa.h"

int hmmcl_binary_pack(enum hmmcl_binary_type type, const void *payload, size_t payload_size,
                      const char *arg_info, struct hmmcl_blob *out)
{
    struct hmmcl_binary_header h = {
        .magic = HMMCL_BINARY_MAGIC,
        .version = HMMCL_BINARY_VERSION,
        .type = (uint16_t)type,
        .isa_major = HMM_ISA_VERSION_MAJOR,
        .payload_size = payload_size,
        .arg_info_size = arg_info ? strlen(arg_info) + 1 : 0,
    };
    size_t size = sizeof(h) + payload_size + h.arg_info_size;
    unsigned char *p = malloc(size);

    out->data = p;
    out->size = size;
    if (!p)
        return -1;
    memcpy(p, &h, sizeof(h));
    memcpy(p + sizeof(h), payload, payload_size);
    if (arg_info)
        memcpy(p + sizeof(h) + payload_size, arg_info, h.arg_info_size);
    return 0;
}

void hmmcl_binary_set_flags(void *bin, uint32_t flags)
{
    memcpy((unsigned char *)bin + offsetof(struct hmmcl_binary_header, flags), &flags,
           sizeof(flags));
}

int hmmcl_binary_unpack(const void *bin, size_t size, struct hmmcl_binary_view *view)
{
    struct hmmcl_binary_header h;
    const unsigned char *p = bin;

    if (!bin || size < sizeof(h))
        return -1;
    memcpy(&h, p, sizeof(h));
    if (h.magic != HMMCL_BINARY_MAGIC || h.version != HMMCL_BINARY_VERSION ||
        (h.flags & ~HMMCL_BINARY_UNIFORM_WORK_GROUPS) || h.type < HMMCL_BINARY_EXECUTABLE ||
        h.type > HMMCL_BINARY_LIBRARY || h.isa_major != HMM_ISA_VERSION_MAJOR || !h.payload_size ||
        h.payload_size > size - sizeof(h) || h.arg_info_size != size - sizeof(h) - h.payload_size)
        return -1;
    view->type = h.type;
    view->flags = h.flags;
    view->payload = p + sizeof(h);
    view->payload_size = h.payload_size;
    view->arg_info = NULL;
    if (h.arg_info_size) {
        const char *ai = (const char *)p + sizeof(h) + h.payload_size;

        if (ai[h.arg_info_size - 1])
            return -1;
        view->arg_info = ai;
    }
    return 0;
}
