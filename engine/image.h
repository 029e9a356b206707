/* SPDX-License-Identifier: MIT */
/*
 * DOC: program image
 *
 * A compiled program as it crosses the ISA boundary (into the CPU device, or
 * through the hmmgpu submission ioctl): one contiguous little-endian buffer,
 * a header followed by sections the header locates by byte offset and
 * count. Nothing in it is trusted: hmm_image_parse() bounds-checks every
 * offset and count, and hmm_verify() checks the code, before anything runs.
 * Strings are offsets into the string section and NUL-terminated there.
 */
#ifndef HMM_IMAGE_H
#define HMM_IMAGE_H

#include "engine/isa.h"

#define HMM_IMAGE_MAGIC 0x494d4d48u /* "HMMI" */

struct hmm_section {
    uint32_t offset; /* bytes from the start of the image */
    uint32_t count;  /* entries (bytes for data and strings) */
};

struct hmm_image_header {
    uint32_t magic;
    uint16_t version_major;       /* HMM_ISA_VERSION_MAJOR: must match */
    uint16_t version_minor;       /* may be older than the executor's */
    uint32_t size;                /* of the whole image */
    uint32_t num_regs;            /* registers per lane, all functions */
    struct hmm_section code;      /* struct hmm_insn */
    struct hmm_section literals;  /* uint64_t: MOVK's pool */
    struct hmm_section functions; /* struct hmm_function */
    struct hmm_section kernels;   /* struct hmm_kernel */
    struct hmm_section args;      /* struct hmm_kernel_arg */
    struct hmm_section data;      /* initial bytes of the data segment */
    struct hmm_section strings;   /* char */
    uint32_t data_size;           /* data segment size; bytes past data.count start zeroed */
    /*
     * Since ISA 1.2 (was reserved, zero): uint32_t offsets into the data
     * segment of 8-byte slots within the initial bytes that hold an offset
     * into the segment; loading adds the segment's device address to each
     * (pointers in program-scope initialisers, docs/isa.md).
     */
    struct hmm_section relocs;
    uint32_t reserved; /* must be zero */
};

/*
 * A function is the instructions [entry, end). Registers are global to the
 * program (a call passes values by MOVs into the callee's registers), so
 * there is no recursion: the verifier rejects cycles in the call graph.
 * Private memory likewise: the function's variables live at
 * [private_offset, private_offset + private_size) of the lane's arena.
 */
struct hmm_function {
    uint32_t entry;
    uint32_t end;
    uint32_t private_offset;
    uint32_t private_size;
    uint32_t name; /* string; for diagnostics */
    uint32_t reserved;
};

enum hmm_arg_kind {
    HMM_ARG_SCALAR = 0, /* bytes copied into the argument block */
    HMM_ARG_GLOBAL_PTR, /* cl_mem or SVM pointer: an 8-byte device address */
    HMM_ARG_CONSTANT_PTR,
    HMM_ARG_LOCAL_PTR, /* size given at clSetKernelArg; the executor places it */
    HMM_ARG_BYVAL,     /* a struct passed by value: bytes in the argument block */
};

struct hmm_kernel_arg {
    uint32_t name;             /* string */
    uint32_t type_name;        /* string, as CL_KERNEL_ARG_TYPE_NAME reports it */
    uint8_t kind;              /* enum hmm_arg_kind */
    uint8_t address_qualifier; /* 0 global, 1 constant, 2 local, 3 private */
    uint8_t access_qualifier;  /* 0 none */
    uint8_t type_qualifier;    /* bit 0 const, 1 restrict, 2 volatile */
    uint32_t offset;           /* in the argument block */
    uint32_t size;             /* bytes in the argument block (8 for pointers) */
};

struct hmm_kernel {
    uint32_t name;       /* string */
    uint32_t attributes; /* string: CL_KERNEL_ATTRIBUTES */
    uint32_t function;   /* entry function index */
    uint32_t first_arg;  /* index into args */
    uint32_t num_args;
    uint32_t arg_block_size;
    uint32_t local_size;              /* static __local bytes; LOCAL_PTR args are placed after */
    uint32_t private_size;            /* per lane, all functions reachable from the kernel */
    uint32_t reqd_work_group_size[3]; /* 0 if none */
    /*
     * Since ISA 1.1 (was reserved, zero): 0 if the kernel does not call
     * printf, else 1 + the offset of the printf buffer's 8-byte device
     * address in the argument block, after the arguments (docs/isa.md, 8).
     */
    uint32_t printf_arg;
};

#endif
