/* SPDX-License-Identifier: MIT */
/*
 * DOC: program binaries
 *
 * What CL_PROGRAM_BINARIES returns and clCreateProgramWithBinary accepts
 * (and what the program cache stores): a little-endian header, then the
 * payload, then optional kernel argument information (arginfo.h text, NUL
 * terminated). The payload is the program image (engine/image.h) for an
 * executable, LLVM bitcode for a compiled object or a library. Nothing in
 * a binary is trusted: hmmcl_binary_unpack checks the container and the
 * image is parsed and verified before use.
 */
#ifndef HMMCL_COMPILER_BINARY_H
#define HMMCL_COMPILER_BINARY_H

#include <stddef.h>
#include <stdint.h>

#include "compiler/frontend.h"

#define HMMCL_BINARY_MAGIC   0x42434d48u /* "HMCB" */
#define HMMCL_BINARY_VERSION 1

enum hmmcl_binary_type {
    HMMCL_BINARY_EXECUTABLE = 1, /* payload: program image */
    HMMCL_BINARY_OBJECT = 2,     /* payload: LLVM bitcode (clCompileProgram) */
    HMMCL_BINARY_LIBRARY = 3,    /* payload: LLVM bitcode (clLinkProgram -create-library) */
};

struct hmmcl_binary_header {
    uint32_t magic;
    uint16_t version;
    uint16_t type;      /* enum hmmcl_binary_type */
    uint32_t isa_major; /* HMM_ISA_VERSION_MAJOR the image was made for */
    uint32_t flags;     /* HMMCL_BINARY_* flags; other bits zero */
    uint64_t payload_size;
    uint64_t arg_info_size; /* including the NUL; 0 if none */
};

/*
 * The kernels need uniform work-groups (compiled for OpenCL C 1.x or with
 * -cl-uniform-work-group-size): a program built from the binary keeps the
 * rule clEnqueueNDRangeKernel checks.
 */
#define HMMCL_BINARY_UNIFORM_WORK_GROUPS 0x1u

struct hmmcl_binary_view {
    enum hmmcl_binary_type type;
    uint32_t flags;
    const void *payload;
    size_t payload_size;
    const char *arg_info; /* NULL if none */
};

/* Pack a binary into @out (malloc'd). @arg_info may be NULL. Returns 0 or -1 (out of memory). */
int hmmcl_binary_pack(enum hmmcl_binary_type type, const void *payload, size_t payload_size,
                      const char *arg_info, struct hmmcl_blob *out);

/* Set the header flags of packed binary @bin (HMMCL_BINARY_*). */
void hmmcl_binary_set_flags(void *bin, uint32_t flags);

/* Check @size bytes at @bin and describe them. Returns 0 or -1 if not a valid hmmcl binary. */
int hmmcl_binary_unpack(const void *bin, size_t size, struct hmmcl_binary_view *view);

#endif
