/* SPDX-License-Identifier: MIT */
/*
 * DOC: OpenCL C front end
 *
 * OpenCL C becomes device ISA in four steps, each a function below:
 *
 *   hmmcl_fe_compile    source -> LLVM bitcode       clang-15 -cc1 (child process)
 *   hmmcl_fe_link       bitcode modules -> bitcode   llvm-link-15 (child process)
 *   hmmcl_fe_translate  bitcode -> SPIR-V            llvm-spirv-15 (child process)
 *   hmmcl_fe_lower      SPIR-V -> program image      hmm_spirv_validate + hmm_spirv_lower
 *
 * The tools are found at configure time (CMake find_program) and can be
 * replaced through the environment: HMMCL_CLANG, HMMCL_LLVM_SPIRV,
 * HMMCL_LLVM_LINK, HMMCL_LLVM_DIS, HMMCL_LLVM_AS. Each step runs in a
 * private temporary directory that it removes; the main source is written
 * there as "program.cl" and clang runs from that directory, so diagnostics
 * read "program.cl:3:5: error: ..." and -I directories are made absolute
 * against the application's working directory first.
 *
 * clang gets -fdeclare-opencl-builtins with -finclude-default-header: the
 * builtins are declared from clang's tables instead of by parsing the 20k
 * line opencl-c.h, which cuts a small compile from ~2 s to ~0.2 s.
 *
 * freeze: clang -O2 emits `freeze` (DivRemPairs does, for a / and % of the
 * same operands; loop unswitching can) and llvm-spirv-15 cannot translate
 * it. No clang flag turns those passes off, so when llvm-spirv fails on a
 * freeze the module goes through llvm-dis-15, every `%x = freeze T %y`
 * becomes `%x = select i1 true, T %y, T %y` (the engine has no poison, so
 * freeze is the identity for it) and llvm-as-15 turns it back into
 * bitcode. The common case pays nothing; a module with freeze pays one
 * failed llvm-spirv run plus llvm-dis and llvm-as (tens of ms).
 *
 * Kernel argument information (-cl-kernel-arg-info) comes from clang's
 * kernel_arg_* metadata, which SPIR-V does not carry: the bitcode is
 * disassembled with llvm-dis-15 and the metadata read from the text
 * (only for builds that ask for it).
 *
 * Thread safety: every function may run concurrently with the others; the
 * tool identities are computed once under a pthread_once.
 */
#ifndef HMMCL_COMPILER_FRONTEND_H
#define HMMCL_COMPILER_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/cl.h"

/* A growable text buffer (build logs). */
struct hmmcl_text {
    char *buf; /* NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
};

void hmmcl_text_append(struct hmmcl_text *t, const char *s, size_t n);
void hmmcl_text_printf(struct hmmcl_text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The text (never NULL) ownership moves to the caller; @t is emptied. */
char *hmmcl_text_take(struct hmmcl_text *t);
void hmmcl_text_free(struct hmmcl_text *t);

/* A malloc'd byte buffer. */
struct hmmcl_blob {
    unsigned char *data;
    size_t size;
};

void hmmcl_blob_free(struct hmmcl_blob *b);

/* Which entry point the options are for: each accepts its own set. */
enum hmmcl_fe_mode {
    HMMCL_FE_BUILD,   /* clBuildProgram: compile + link options */
    HMMCL_FE_COMPILE, /* clCompileProgram */
    HMMCL_FE_LINK,    /* clLinkProgram */
};

struct hmmcl_fe_options {
    char **clang_args; /* the cc1 arguments they translate to */
    size_t num_clang_args;
    char *normalized; /* canonical form, one option per line (cache key) */
    bool opt_disable;
    bool kernel_arg_info;
    bool create_library;
    bool enable_link_options;
    bool include_dirs;   /* an -I was given (then the program cache is not used) */
    char *device_macros; /* header text included after clang's default one, or NULL */
};

/*
 * Parse @options (NULL reads as "") for @mode. Returns CL_SUCCESS,
 * CL_INVALID_BUILD_OPTIONS (build), CL_INVALID_COMPILER_OPTIONS (compile) or
 * CL_INVALID_LINKER_OPTIONS (link) with a line naming the option in @log, or CL_OUT_OF_HOST_MEMORY.
 * @out is filled on success and must be freed with hmmcl_fe_options_free.
 */
cl_int hmmcl_fe_parse_options(const char *options, enum hmmcl_fe_mode mode,
                              struct hmmcl_fe_options *out, struct hmmcl_text *log);
void hmmcl_fe_options_free(struct hmmcl_fe_options *o);

/*
 * Compile for a device whose extensions and OpenCL C features are @names
 * (and which has images if @images): the extension and feature macros and
 * clang's view of what is supported become exactly those, and the cache
 * key (@o->normalized) covers them (device_macros.c). -1 if out of memory.
 */
int hmmcl_fe_options_set_device(struct hmmcl_fe_options *o, const char *const *names, size_t n,
                                bool images);

/* An embedded header for clCompileProgram: #include "name" finds @source. */
struct hmmcl_fe_header {
    const char *name;
    const char *source;
};

/*
 * OpenCL C -> LLVM bitcode. Returns 0, or -1 with the diagnostics (or why
 * a tool could not run) in @log; warnings go to @log on success too.
 */
int hmmcl_fe_compile(const char *source, const struct hmmcl_fe_options *opts,
                     const struct hmmcl_fe_header *headers, size_t num_headers,
                     struct hmmcl_blob *bitcode, struct hmmcl_text *log);

/*
 * Link bitcode modules into one (llvm-link-15), with one OpenCL C version
 * (hmmcl_fe_unify_versions). Returns 0 or -1 (@log).
 */
int hmmcl_fe_link(const struct hmmcl_blob *inputs, size_t num_inputs, struct hmmcl_blob *bitcode,
                  struct hmmcl_text *log);

/*
 * Bitcode -> SPIR-V: linked with the built-in library (compiler/builtins.h,
 * llvm-link-15 --only-needed), then llvm-spirv-15 with the freeze
 * workaround. With @arg_info, also the kernels' argument information as
 * text (hmmcl_arginfo_* format, see arginfo.h) in *@arg_info (malloc'd).
 * Returns 0 or -1 (@log).
 */
int hmmcl_fe_translate(const struct hmmcl_blob *bitcode, struct hmmcl_blob *spirv, char **arg_info,
                       struct hmmcl_text *log);

/* A specialization constant set with clSetProgramSpecializationConstant. */
struct hmmcl_fe_spec_const {
    uint32_t id;
    uint32_t size; /* 1, 2, 4 or 8 bytes */
    uint64_t value;
};

/*
 * SPIR-V -> a validated, lowered program image. The OpSpecConstant* whose
 * SpecId is in @spec get those values first (the lowering reads spec
 * constants as constants). Returns 0 or -1 (@log).
 */
int hmmcl_fe_lower(const void *spirv, size_t size, const struct hmmcl_fe_spec_const *spec,
                   size_t num_spec, struct hmmcl_blob *image, struct hmmcl_text *log);

/*
 * SPIR-V (clCreateProgramWithIL, with @spec applied) -> validated, then
 * LLVM bitcode through llvm-spirv-15 -r: what clCompileProgram makes of an
 * IL program, for clLinkProgram to link like compiled OpenCL C. Returns 0
 * or -1 (@log).
 */
int hmmcl_fe_spirv_to_bitcode(const void *spirv, size_t size,
                              const struct hmmcl_fe_spec_const *spec, size_t num_spec,
                              struct hmmcl_blob *bitcode, struct hmmcl_text *log);

/* Patch @spec into a copy of @words (see hmmcl_fe_lower); -1 if out of memory. */
int hmmcl_fe_specialize(uint32_t *words, size_t num_words, const struct hmmcl_fe_spec_const *spec,
                        size_t num_spec);

/*
 * Everything outside the inputs that decides what the tools produce:
 * their paths, sizes and modification times, computed once. Fed into
 * program cache keys.
 */
const char *hmmcl_fe_tool_identity(void);

/*
 * LLVM assembly @text of a linked module with a single !opencl.ocl.version
 * and !opencl.spir.version (the highest of its inputs'): malloc'd, or NULL
 * when there is nothing to change (link_versions.c).
 */
char *hmmcl_fe_unify_versions(const char *text);

/* Rewrite every freeze in LLVM assembly @text into a select (see DOC). Returns a malloc'd text. */
char *hmmcl_fe_strip_freeze(const char *text);

/*
 * The spir64 data layout names no native integer widths, so clang's
 * optimiser may narrow a value to any width (InstCombine shrinks a switch on
 * i % 3 to an i2), and llvm-spirv-15 rejects such types (InvalidBitWidth)
 * unless SPV_INTEL_arbitrary_precision_integers is enabled, which hmmcl's
 * lowering does not implement. hmmcl_fe_compile therefore checks the
 * optimised module with hmmcl_fe_has_odd_int_types and, where it finds one,
 * optimises again with "-n8:16:32:64" added to the data layout (InstCombine
 * then keeps legal widths) and jump tables off (the switch lookup tables
 * SimplifyCFG would build as iN bitmaps once wide integers are legal).
 */
/* LLVM assembly @text uses an integer type other than i1, i8, i16, i32, i64. */
bool hmmcl_fe_has_odd_int_types(const char *text);
/* @text with "-n8:16:32:64" added to (@add) or removed from its target datalayout; malloc'd. */
char *hmmcl_fe_native_int_layout(const char *text, bool add);

#endif
