/* SPDX-License-Identifier: MIT */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/command.h"
#include "core/ndrange.h"

void hmmcl_command_hold(struct hmmcl_command *cmd, struct hmmcl_object *obj)
{
    assert(cmd->num_holds < HMMCL_COMMAND_MAX_HOLDS);
    hmmcl_object_get(obj);
    cmd->holds[cmd->num_holds++] = obj;
}

static void copy_rect(struct hmmcl_command *cmd)
{
    for (size_t z = 0; z < cmd->copy_rect.region[2]; z++) {
        for (size_t y = 0; y < cmd->copy_rect.region[1]; y++) {
            char *dst = cmd->copy_rect.dst + z * cmd->copy_rect.dst_slice_pitch +
                        y * cmd->copy_rect.dst_row_pitch;
            const char *src = cmd->copy_rect.src + z * cmd->copy_rect.src_slice_pitch +
                              y * cmd->copy_rect.src_row_pitch;

            memcpy(dst, src, cmd->copy_rect.region[0]);
        }
    }
}

static void fill(struct hmmcl_command *cmd)
{
    unsigned char *dst = cmd->fill.dst;
    size_t n = cmd->fill.pattern_size;

    if (n == 1) {
        memset(dst, cmd->fill.pattern[0], cmd->fill.size);
        return;
    }
    /* Write the pattern once, then double the filled prefix. */
    memcpy(dst, cmd->fill.pattern, n);
    for (size_t done = n; done < cmd->fill.size;) {
        size_t chunk = done < cmd->fill.size - done ? done : cmd->fill.size - done;

        memcpy(dst + done, dst, chunk);
        done += chunk;
    }
}

cl_int hmmcl_command_run_on_host(struct hmmcl_command *cmd)
{
    switch (cmd->op) {
    case HMMCL_OP_NOP:
    case HMMCL_OP_MIGRATE: /* process memory is where the host works: nothing moves */
        return CL_SUCCESS;
    case HMMCL_OP_COPY:
        if (cmd->copy.size)
            memcpy(cmd->copy.dst, cmd->copy.src, cmd->copy.size);
        return CL_SUCCESS;
    case HMMCL_OP_COPY_RECT:
        copy_rect(cmd);
        return CL_SUCCESS;
    case HMMCL_OP_FILL:
        if (cmd->fill.size)
            fill(cmd);
        return CL_SUCCESS;
    case HMMCL_OP_HOST_FN:
        return cmd->host.fn(cmd);
    case HMMCL_OP_NDRANGE:
        break;
    }
    return CL_INVALID_OPERATION;
}

void hmmcl_command_release(struct hmmcl_command *cmd)
{
    if (cmd->cleanup) {
        cmd->cleanup(cmd);
        cmd->cleanup = NULL;
    }
    if (cmd->op == HMMCL_OP_NDRANGE && cmd->ndrange) {
        hmmcl_ndrange_destroy(cmd->ndrange);
        cmd->ndrange = NULL;
    }
    if (cmd->op == HMMCL_OP_MIGRATE) {
        free(cmd->migrate.ranges);
        cmd->migrate.ranges = NULL;
        cmd->migrate.count = 0;
    }
    for (unsigned int i = 0; i < cmd->num_holds; i++)
        hmmcl_object_put(cmd->holds[i]);
    cmd->num_holds = 0;
}
