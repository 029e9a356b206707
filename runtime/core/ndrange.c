/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "core/kernel.h"
#include "core/memory.h"
#include "core/ndrange.h"
#include "core/printf_buffer.h"

struct hmmcl_ndrange *hmmcl_ndrange_alloc(size_t arg_block_size, size_t max_mems)
{
    struct hmmcl_ndrange *nd = calloc(1, sizeof(*nd));

    if (!nd)
        return NULL;
    /* Never empty, so that launch.args is a valid pointer even without arguments. */
    nd->args = calloc(1, arg_block_size ? arg_block_size : 1);
    nd->mems = max_mems ? calloc(max_mems, sizeof(*nd->mems)) : NULL;
    if (!nd->args || (max_mems && !nd->mems)) {
        free(nd->args);
        free(nd->mems);
        free(nd);
        return NULL;
    }
    nd->launch.args = nd->args;
    return nd;
}

bool hmmcl_ndrange_hold_mem(struct hmmcl_ndrange *nd, cl_mem mem)
{
    if (!hmmcl_object_get_unless_dead(&mem->obj))
        return false;
    nd->mems[nd->num_mems++] = mem;
    return true;
}

int hmmcl_ndrange_add_printf(struct hmmcl_ndrange *nd, size_t capacity, uint32_t arg_offset)
{
    uint64_t addr;

    nd->printf_buf = hmmcl_printf_buffer_create(capacity, &nd->printf_size);
    if (!nd->printf_buf)
        return -1;
    addr = (uint64_t)(uintptr_t)nd->printf_buf;
    memcpy(nd->args + arg_offset, &addr, sizeof(addr));
    return 0;
}

void hmmcl_ndrange_finish(struct hmmcl_ndrange *nd)
{
    const struct hmm_program *prog = nd->launch.prog;

    if (!nd->printf_buf || !prog)
        return;
    /* String literals live in the data segment, process memory at data_base. */
    struct hmmcl_pf_strings strings = {
        .base = nd->launch.data_base,
        .host = (const char *)(uintptr_t)nd->launch.data_base,
        .size = prog->data_size,
    };
    hmmcl_printf_buffer_emit(nd->printf_buf, nd->printf_size, prog, &strings, stdout);
}

void hmmcl_ndrange_destroy(struct hmmcl_ndrange *nd)
{
    hmmcl_printf_buffer_destroy(nd->printf_buf, nd->printf_size);
    for (size_t i = 0; i < nd->num_mems; i++)
        hmmcl_object_put(&nd->mems[i]->obj);
    if (nd->kernel)
        hmmcl_object_put(&nd->kernel->obj);
    free(nd->mems);
    free(nd->args);
    free(nd);
}
