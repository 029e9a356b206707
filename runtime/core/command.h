/* SPDX-License-Identifier: MIT */
/*
 * What a command does, independent of the API call that made it. Every
 * enqueue in api/ reduces to one of these ops on process memory; the device
 * backend executes it (core/device.h).
 */
#ifndef HMMCL_CORE_COMMAND_H
#define HMMCL_CORE_COMMAND_H

#include <stddef.h>

#include "core/object.h"

enum hmmcl_command_op {
    HMMCL_OP_NOP,       /* markers, barriers, map/unmap */
    HMMCL_OP_COPY,      /* memmove semantics are not required: regions never overlap */
    HMMCL_OP_COPY_RECT, /* 3-D region between two pitched layouts */
    HMMCL_OP_FILL,      /* repeat a pattern of 1..128 bytes */
    HMMCL_OP_HOST_FN,   /* runtime work run on the worker: native kernels, SVM free */
    HMMCL_OP_NDRANGE,   /* a kernel launch (core/ndrange.h): only a device backend runs it */
    HMMCL_OP_MIGRATE,   /* clEnqueueSVMMigrateMem: a hint, nothing to do on the host */
};

#define HMMCL_COMMAND_MAX_HOLDS 4
#define HMMCL_FILL_PATTERN_MAX  128

struct hmmcl_command;
struct hmmcl_ndrange;

/* A range of process memory. */
struct hmmcl_range {
    const void *ptr;
    size_t size;
};
typedef cl_int (*hmmcl_host_fn)(struct hmmcl_command *cmd);

struct hmmcl_command {
    enum hmmcl_command_op op;
    union {
        struct {
            void *dst;
            const void *src;
            size_t size;
        } copy;
        struct {
            char *dst;
            const char *src;
            size_t region[3]; /* bytes, rows, slices */
            size_t dst_row_pitch, dst_slice_pitch;
            size_t src_row_pitch, src_slice_pitch;
        } copy_rect;
        struct {
            void *dst;
            size_t size; /* a multiple of pattern_size */
            size_t pattern_size;
            unsigned char pattern[HMMCL_FILL_PATTERN_MAX];
        } fill;
        struct {
            hmmcl_host_fn fn;
            void *data; /* owned by the command: freed by @cleanup */
        } host;
        /* Owned by the command with every reference it holds: freed by hmmcl_command_release. */
        struct hmmcl_ndrange *ndrange;
        struct {
            struct hmmcl_range *ranges; /* owned: freed by hmmcl_command_release */
            size_t count;
            bool to_host; /* CL_MIGRATE_MEM_OBJECT_HOST: towards the host, else the device */
        } migrate;
    };
    /* Objects kept alive until the command completes (buffers it touches). */
    struct hmmcl_object *holds[HMMCL_COMMAND_MAX_HOLDS];
    unsigned int num_holds;
    /* Optional: called once when the command completes or is abandoned. */
    void (*cleanup)(struct hmmcl_command *cmd);
};

/* Keep @obj alive until the command is done (takes an internal reference). */
void hmmcl_command_hold(struct hmmcl_command *cmd, struct hmmcl_object *obj);

/*
 * Execute @cmd with plain host memory operations. HMMCL_OP_NDRANGE needs a
 * device and answers CL_INVALID_OPERATION here.
 */
cl_int hmmcl_command_run_on_host(struct hmmcl_command *cmd);

/* Drop holds and run cleanup; called by the event when the command is done. */
void hmmcl_command_release(struct hmmcl_command *cmd);

#endif
