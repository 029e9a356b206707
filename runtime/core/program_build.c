/* SPDX-License-Identifier: MIT */
/*
 * DOC: building programs
 *
 * Every device of a program runs the same device ISA, so a build, compile
 * or link does the compiler's work once and gives each device listed its
 * own copy of the result: the binary (compiler/binary.h) that
 * CL_PROGRAM_BINARIES returns and, for an executable, a struct
 * hmmcl_executable with its own data segment (program-scope variables are
 * per device). Programs created from binaries are the exception: each
 * device may have been given a different binary, so they are handled one
 * device at a time.
 *
 * Builds of one program are serialised by @build_lock; the compiler runs
 * with it held and @lock not held, so queries answer (CL_BUILD_IN_PROGRESS)
 * while a build runs. The result is installed under @lock at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/binary.h"
#include "compiler/cache.h"
#include "compiler/frontend.h"
#include "core/device.h"
#include "core/executable.h"
#include "core/kernel.h"
#include "core/program.h"

/* What the compiler made for a set of devices. */
struct outcome {
    struct hmmcl_text log;
    struct hmmcl_blob binary; /* compiler/binary.h container */
};

static bool is_listed(const cl_device_id *list, cl_uint n, cl_device_id device)
{
    if (!list)
        return true;
    for (cl_uint i = 0; i < n; i++) {
        if (list[i] == device)
            return true;
    }
    return false;
}

/*
 * Whether @options make the work-group size uniform for what @program
 * compiles from them: -cl-uniform-work-group-size, or OpenCL C source for a
 * 1.x language version. Without -cl-std hmmcl compiles OpenCL C 3.0
 * (docs/runtime.md), which allows non-uniform work-groups.
 */
static bool options_require_uniform(cl_program program, const char *options)
{
    const char *std = options ? strstr(options, "-cl-std=CL") : NULL;

    if (options && strstr(options, "-cl-uniform-work-group-size"))
        return true;
    /* CL1.0 .. CL1.2 are uniform; CL2.0, CL3.0 and CLC++ are not. */
    return program->origin == HMMCL_PROGRAM_FROM_SOURCE && std && std[strlen("-cl-std=CL")] == '1';
}

/*
 * "Calls to clBuildProgram or clCompileProgram with the -cl-std=CL1.1 option
 * will fail to compile the program for any devices with
 * CL_DEVICE_OPENCL_C_VERSION equal to OpenCL C 1.0 and when
 * CL_DEVICE_OPENCL_C_ALL_VERSIONS does not include OpenCL C 1.1", and so on
 * for each version: a -cl-std the listed devices do not report fails the
 * compile, with the reason in @log. Called once @options parsed, so that a
 * -cl-std value is one the compiler knows; the last one counts.
 */
static bool devices_have_cl_std(cl_program program, const cl_device_id *list, cl_uint n,
                                const char *options, struct hmmcl_text *log)
{
    const char *std = NULL;
    unsigned major, minor;

    if (program->origin != HMMCL_PROGRAM_FROM_SOURCE)
        return true; /* "These options are ignored for programs created with IL." */
    for (const char *p = options; p && (p = strstr(p, "-cl-std=CL")); p++)
        std = p + strlen("-cl-std=CL");
    if (!std || sscanf(std, "%u.%u", &major, &minor) != 2)
        return true;
    for (cl_uint i = 0; i < program->num_devices; i++) {
        cl_device_id dev = program->devices[i];
        bool found = false;

        if (!is_listed(list, n, dev))
            continue;
        for (size_t v = 0; v < dev->num_opencl_c_versions && !found; v++)
            found = CL_VERSION_MAJOR(dev->opencl_c_versions[v].version) == major &&
                    CL_VERSION_MINOR(dev->opencl_c_versions[v].version) == minor;
        if (!found) {
            hmmcl_text_printf(log,
                              "hmmcl: %s does not support OpenCL C %u.%u "
                              "(CL_DEVICE_OPENCL_C_ALL_VERSIONS)\n",
                              dev->name, major, minor);
            return false;
        }
    }
    return true;
}

/* A program from binaries keeps the rule its binary records (HMMCL_BINARY_UNIFORM_WORK_GROUPS). */
static bool binary_requires_uniform(const struct hmmcl_program_build *b)
{
    struct hmmcl_binary_view view;

    return b->binary && !hmmcl_binary_unpack(b->binary, b->binary_size, &view) &&
           (view.flags & HMMCL_BINARY_UNIFORM_WORK_GROUPS);
}

static void begin(cl_program program, const cl_device_id *list, cl_uint n, const char *options)
{
    bool uniform = options_require_uniform(program, options);

    pthread_mutex_lock(&program->lock);
    for (cl_uint i = 0; i < program->num_devices; i++) {
        struct hmmcl_program_build *b = &program->builds[i];

        if (!is_listed(list, n, program->devices[i]))
            continue;
        free(b->options);
        b->options = strdup(options ? options : "");
        b->uniform_work_groups =
            uniform || (program->origin == HMMCL_PROGRAM_FROM_BINARY && binary_requires_uniform(b));
        b->status = CL_BUILD_IN_PROGRESS;
    }
    pthread_mutex_unlock(&program->lock);
}

static cl_program_binary_type cl_binary_type(enum hmmcl_binary_type t)
{
    switch (t) {
    case HMMCL_BINARY_EXECUTABLE:
        return CL_PROGRAM_BINARY_TYPE_EXECUTABLE;
    case HMMCL_BINARY_OBJECT:
        return CL_PROGRAM_BINARY_TYPE_COMPILED_OBJECT;
    case HMMCL_BINARY_LIBRARY:
        return CL_PROGRAM_BINARY_TYPE_LIBRARY;
    }
    return CL_PROGRAM_BINARY_TYPE_NONE;
}

static void clear_build(struct hmmcl_program_build *b)
{
    hmmcl_executable_destroy(b->priv);
    b->priv = NULL;
    free(b->binary);
    b->binary = NULL;
    b->binary_size = 0;
    b->binary_type = CL_PROGRAM_BINARY_TYPE_NONE;
}

/*
 * Install @o for the listed devices: on success, its binary and (for an
 * executable) an executable per device and the kernels; on failure, status
 * CL_BUILD_ERROR and the log. Returns CL_SUCCESS or @fail.
 */
static cl_int finish(cl_program program, const cl_device_id *list, cl_uint n, struct outcome *o,
                     bool ok, cl_int fail)
{
    struct hmmcl_executable **exes = calloc(program->num_devices, sizeof(*exes));
    struct hmmcl_kernel_info *kernels = NULL;
    struct hmmcl_binary_view view = {0};
    size_t num_kernels = 0;
    bool any_exe = false;
    char *log;

    if (!exes) {
        ok = false;
        fail = CL_OUT_OF_HOST_MEMORY;
    }
    if (ok && hmmcl_binary_unpack(o->binary.data, o->binary.size, &view)) {
        hmmcl_text_printf(&o->log, "hmmcl: the compiler produced an invalid binary\n");
        ok = false;
    }
    for (cl_uint i = 0; ok && view.type == HMMCL_BINARY_EXECUTABLE && i < program->num_devices;
         i++) {
        char msg[512];

        if (!is_listed(list, n, program->devices[i]))
            continue;
        exes[i] = hmmcl_executable_create(view.payload, view.payload_size, msg, sizeof(msg));
        if (!exes[i]) {
            hmmcl_text_printf(&o->log, "hmmcl: the program image is invalid: %s\n", msg);
            ok = false;
        } else if (!kernels && hmmcl_executable_kernels(
                                   exes[i], program->arg_info_visible ? view.arg_info : NULL,
                                   &kernels, &num_kernels)) {
            hmmcl_text_printf(&o->log, "hmmcl: out of memory\n");
            ok = false;
        }
    }
    log = hmmcl_text_take(&o->log);

    pthread_mutex_lock(&program->lock);
    for (cl_uint i = 0; i < program->num_devices; i++) {
        struct hmmcl_program_build *b = &program->builds[i];

        if (!is_listed(list, n, program->devices[i])) {
            any_exe |= b->priv != NULL;
            continue;
        }
        /* A failed build of a program from binaries keeps the binary for the next try. */
        if (ok || program->origin != HMMCL_PROGRAM_FROM_BINARY)
            clear_build(b);
        free(b->log);
        b->log = log ? strdup(log) : NULL;
        b->status = ok ? CL_BUILD_SUCCESS : CL_BUILD_ERROR;
        if (!ok)
            continue;
        b->binary = malloc(o->binary.size);
        if (b->binary) {
            memcpy(b->binary, o->binary.data, o->binary.size);
            b->binary_size = o->binary.size;
            /* The binary carries the uniform work-group rule to programs made from it. */
            hmmcl_binary_set_flags(b->binary,
                                   b->uniform_work_groups ? HMMCL_BINARY_UNIFORM_WORK_GROUPS : 0);
        }
        b->binary_type = cl_binary_type(view.type);
        b->priv = exes[i];
        exes[i] = NULL;
        any_exe |= b->priv != NULL;
    }
    if (kernels || !any_exe) {
        hmmcl_kernel_infos_free(program->kernels, program->num_kernels);
        program->kernels = kernels;
        program->num_kernels = num_kernels;
        kernels = NULL;
    }
    pthread_mutex_unlock(&program->lock);

    for (cl_uint i = 0; exes && i < program->num_devices; i++)
        hmmcl_executable_destroy(exes[i]);
    free(exes);
    hmmcl_kernel_infos_free(kernels, num_kernels);
    free(log);
    hmmcl_blob_free(&o->binary);
    return ok ? CL_SUCCESS : fail;
}

/* Bitcode -> executable binary (with argument information if asked). */
static int bitcode_to_executable(const struct hmmcl_blob *bc, bool arg_info, struct outcome *o)
{
    struct hmmcl_blob spirv = {0}, image = {0};
    char *ai = NULL;
    int rc = -1;

    if (hmmcl_fe_translate(bc, &spirv, arg_info ? &ai : NULL, &o->log))
        return -1;
    if (hmmcl_fe_lower(spirv.data, spirv.size, NULL, 0, &image, &o->log))
        goto out;
    if (hmmcl_binary_pack(HMMCL_BINARY_EXECUTABLE, image.data, image.size, ai, &o->binary)) {
        hmmcl_text_printf(&o->log, "hmmcl: out of memory\n");
        goto out;
    }
    rc = 0;
out:
    free(ai);
    hmmcl_blob_free(&image);
    hmmcl_blob_free(&spirv);
    return rc;
}

/*
 * One compile serves every device of the build, so the program sees the
 * extensions and OpenCL C features all of them report: the first listed
 * device's names that every other listed device has too. No hmmcl device
 * supports images (CL_DEVICE_IMAGE_SUPPORT is false). -1 if out of memory.
 */
static int set_device_macros(cl_program program, const cl_device_id *list, cl_uint n,
                             struct hmmcl_fe_options *opts)
{
    cl_device_id first = NULL;
    const char **names;
    size_t count = 0;
    int rc;

    for (cl_uint i = 0; i < program->num_devices && !first; i++) {
        if (is_listed(list, n, program->devices[i]))
            first = program->devices[i];
    }
    if (!first)
        return 0;
    names = malloc((first->num_extensions + first->num_opencl_c_features + 1) * sizeof(*names));
    if (!names)
        return -1;
    for (size_t e = 0; e < first->num_extensions + first->num_opencl_c_features; e++) {
        bool feature = e >= first->num_extensions;
        const char *name = feature ? first->opencl_c_features[e - first->num_extensions].name
                                   : first->extensions[e].name;
        bool everywhere = true;

        for (cl_uint i = 0; i < program->num_devices && everywhere; i++) {
            cl_device_id d = program->devices[i];

            if (is_listed(list, n, d))
                everywhere = feature ? hmmcl_device_has_c_feature(d, name)
                                     : hmmcl_device_has_extension(d, name);
        }
        if (everywhere)
            names[count++] = name;
    }
    rc = hmmcl_fe_options_set_device(opts, names, count, false);
    free(names);
    return rc;
}

/* The cache key of a source build or compile; false if it must not be cached. */
static bool source_key(const char *kind, const char *source, const struct hmmcl_fe_options *opts,
                       const struct hmmcl_fe_header *headers, size_t num_headers, char hex[65])
{
    if (opts->include_dirs || !hmmcl_cache_enabled())
        return false;
    return hmmcl_cache_source_key(kind, source, opts->normalized, headers, num_headers, hex);
}

/*
 * A cache entry is the build log (a 64-bit length, then the text) followed
 * by the binary, so that a cached build reports the warnings the first one
 * did.
 */
static void cache_put(const char *hex, const struct outcome *o)
{
    uint64_t log_len = o->log.len;
    size_t size = sizeof(log_len) + o->log.len + o->binary.size;
    unsigned char *entry = malloc(size);

    if (!entry)
        return;
    memcpy(entry, &log_len, sizeof(log_len));
    if (o->log.len)
        memcpy(entry + sizeof(log_len), o->log.buf, o->log.len);
    memcpy(entry + sizeof(log_len) + o->log.len, o->binary.data, o->binary.size);
    hmmcl_cache_store(hex, entry, size);
    free(entry);
}

/* A cached binary of @type for @hex, into @o (with its log); false on a miss. */
static bool cache_lookup(const char *hex, enum hmmcl_binary_type type, struct outcome *o)
{
    struct hmmcl_binary_view view;
    struct hmmcl_blob entry;
    const unsigned char *bin;
    uint64_t log_len;
    size_t bin_size;

    if (hmmcl_cache_load(hex, &entry))
        return false;
    if (entry.size < sizeof(log_len))
        goto drop;
    memcpy(&log_len, entry.data, sizeof(log_len));
    if (log_len > entry.size - sizeof(log_len))
        goto drop;
    bin = entry.data + sizeof(log_len) + log_len;
    bin_size = entry.size - sizeof(log_len) - log_len;
    if (hmmcl_binary_unpack(bin, bin_size, &view) || view.type != type)
        goto drop;
    /* An executable must still load: an entry that does not is dropped and rebuilt. */
    if (type == HMMCL_BINARY_EXECUTABLE) {
        char msg[256];
        struct hmmcl_executable *exe =
            hmmcl_executable_create(view.payload, view.payload_size, msg, sizeof(msg));

        if (!exe)
            goto drop;
        hmmcl_executable_destroy(exe);
    }
    o->binary.data = malloc(bin_size);
    if (!o->binary.data)
        goto miss;
    memcpy(o->binary.data, bin, bin_size);
    o->binary.size = bin_size;
    hmmcl_text_free(&o->log);
    hmmcl_text_append(&o->log, (const char *)entry.data + sizeof(log_len), (size_t)log_len);
    hmmcl_blob_free(&entry);
    return true;

drop:
    hmmcl_cache_drop(hex);
miss:
    hmmcl_blob_free(&entry);
    return false;
}

static int build_source(cl_program program, const struct hmmcl_fe_options *opts, struct outcome *o)
{
    struct hmmcl_blob bc = {0};
    char hex[65];
    bool cached = source_key("build", program->source, opts, NULL, 0, hex);
    int rc;

    if (cached && cache_lookup(hex, HMMCL_BINARY_EXECUTABLE, o))
        return 0;
    if (hmmcl_fe_compile(program->source, opts, NULL, 0, &bc, &o->log))
        return -1;
    rc = bitcode_to_executable(&bc, opts->kernel_arg_info, o);
    hmmcl_blob_free(&bc);
    if (!rc && cached)
        cache_put(hex, o);
    return rc;
}

/* A private copy of @program's specialization constants (NULL if none); -1 if out of memory. */
static int copy_spec_consts(cl_program program, struct hmmcl_fe_spec_const **spec, size_t *num,
                            struct hmmcl_text *log)
{
    pthread_mutex_lock(&program->lock);
    *num = program->num_spec_consts;
    *spec = *num ? malloc(*num * sizeof(**spec)) : NULL;
    if (*spec)
        memcpy(*spec, program->spec_consts, *num * sizeof(**spec));
    pthread_mutex_unlock(&program->lock);
    if (*num && !*spec) {
        hmmcl_text_printf(log, "hmmcl: out of memory\n");
        return -1;
    }
    return 0;
}

static int build_il(cl_program program, struct outcome *o)
{
    struct hmmcl_fe_spec_const *spec = NULL;
    struct hmmcl_blob image = {0};
    size_t num_spec;
    int rc = -1;

    if (copy_spec_consts(program, &spec, &num_spec, &o->log))
        return -1;
    if (!hmmcl_fe_lower(program->il, program->il_size, spec, num_spec, &image, &o->log)) {
        rc = hmmcl_binary_pack(HMMCL_BINARY_EXECUTABLE, image.data, image.size, NULL, &o->binary);
        if (rc)
            hmmcl_text_printf(&o->log, "hmmcl: out of memory\n");
    }
    hmmcl_blob_free(&image);
    free(spec);
    return rc;
}

/* A program from binaries: device @i's binary into an executable. */
static cl_int build_binary_device(cl_program program, cl_uint i, struct outcome *o)
{
    struct hmmcl_program_build *b = &program->builds[i];
    struct hmmcl_binary_view view;
    struct hmmcl_blob bc;
    int rc;

    pthread_mutex_lock(&program->lock);
    rc = b->binary ? hmmcl_binary_unpack(b->binary, b->binary_size, &view) : -1;
    if (!rc) {
        /* A private copy: the build replaces b->binary. */
        o->binary.data = malloc(b->binary_size);
        if (o->binary.data) {
            memcpy(o->binary.data, b->binary, b->binary_size);
            o->binary.size = b->binary_size;
            hmmcl_binary_unpack(o->binary.data, o->binary.size, &view);
        }
    }
    pthread_mutex_unlock(&program->lock);
    /* CL_INVALID_BINARY: the device has no valid program binary loaded. */
    if (rc)
        return CL_INVALID_BINARY;
    if (!o->binary.data)
        return CL_OUT_OF_HOST_MEMORY;
    if (view.type == HMMCL_BINARY_EXECUTABLE)
        return CL_SUCCESS;
    /* A compiled object or library: link it alone into an executable. */
    bc.data = (unsigned char *)view.payload;
    bc.size = view.payload_size;
    {
        struct hmmcl_blob own = o->binary;

        o->binary.data = NULL;
        o->binary.size = 0;
        rc = bitcode_to_executable(&bc, view.arg_info != NULL, o);
        hmmcl_blob_free(&own);
    }
    return rc ? CL_BUILD_PROGRAM_FAILURE : CL_SUCCESS;
}

cl_int hmmcl_program_build(cl_program program, cl_uint num_devices, const cl_device_id *device_list,
                           const char *options)
{
    struct hmmcl_fe_options opts;
    struct outcome o = {0};
    cl_int err;
    int rc;

    pthread_mutex_lock(&program->build_lock);
    begin(program, device_list, num_devices, options);
    err = hmmcl_fe_parse_options(options, HMMCL_FE_BUILD, &opts, &o.log);
    if (err) {
        finish(program, device_list, num_devices, &o, false, err);
        goto out;
    }
    if (set_device_macros(program, device_list, num_devices, &opts))
        err = CL_OUT_OF_HOST_MEMORY;
    else if (!devices_have_cl_std(program, device_list, num_devices, options, &o.log))
        err = CL_BUILD_PROGRAM_FAILURE;
    if (err) {
        finish(program, device_list, num_devices, &o, false, err);
        goto out_opts;
    }
    switch (program->origin) {
    case HMMCL_PROGRAM_FROM_SOURCE:
        rc = build_source(program, &opts, &o);
        err = finish(program, device_list, num_devices, &o, !rc, CL_BUILD_PROGRAM_FAILURE);
        break;
    case HMMCL_PROGRAM_FROM_IL:
        rc = build_il(program, &o);
        err = finish(program, device_list, num_devices, &o, !rc, CL_BUILD_PROGRAM_FAILURE);
        break;
    default:
        err = CL_SUCCESS;
        for (cl_uint i = 0; i < program->num_devices; i++) {
            cl_device_id dev = program->devices[i];
            cl_int e;

            if (!is_listed(device_list, num_devices, dev))
                continue;
            e = build_binary_device(program, i, &o);
            e = finish(program, &dev, 1, &o, e == CL_SUCCESS, e);
            if (e && !err)
                err = e;
            o = (struct outcome){0};
        }
        break;
    }
out_opts:
    hmmcl_fe_options_free(&opts);
out:
    hmmcl_text_free(&o.log);
    pthread_mutex_unlock(&program->build_lock);
    return err;
}

cl_int hmmcl_program_compile(cl_program program, cl_uint num_devices,
                             const cl_device_id *device_list, const char *options,
                             cl_uint num_headers, const cl_program *headers, const char **names)
{
    struct hmmcl_fe_header *hdrs = NULL;
    struct hmmcl_fe_options opts;
    struct hmmcl_blob bc = {0};
    struct outcome o = {0};
    char hex[65];
    bool cached = false;
    int rc = -1;
    cl_int err;

    pthread_mutex_lock(&program->build_lock);
    begin(program, device_list, num_devices, options);
    err = hmmcl_fe_parse_options(options, HMMCL_FE_COMPILE, &opts, &o.log);
    if (err) {
        finish(program, device_list, num_devices, &o, false, err);
        goto out;
    }
    if (set_device_macros(program, device_list, num_devices, &opts))
        err = CL_OUT_OF_HOST_MEMORY;
    else if (!devices_have_cl_std(program, device_list, num_devices, options, &o.log))
        err = CL_COMPILE_PROGRAM_FAILURE;
    if (err) {
        finish(program, device_list, num_devices, &o, false, err);
        goto out_opts;
    }
    if (num_headers && !(hdrs = calloc(num_headers, sizeof(*hdrs)))) {
        err = finish(program, device_list, num_devices, &o, false, CL_OUT_OF_HOST_MEMORY);
        goto out_opts;
    }
    for (cl_uint i = 0; i < num_headers; i++) {
        hdrs[i].name = names[i];
        hdrs[i].source = headers[i]->source ? headers[i]->source : "";
    }
    if (program->origin == HMMCL_PROGRAM_FROM_SOURCE) {
        cached = source_key("compile", program->source, &opts, hdrs, num_headers, hex);
        if (cached && cache_lookup(hex, HMMCL_BINARY_OBJECT, &o)) {
            rc = 0;
        } else if (!hmmcl_fe_compile(program->source, &opts, hdrs, num_headers, &bc, &o.log)) {
            /* An empty argument-information text marks "read it from the bitcode at link". */
            rc = hmmcl_binary_pack(HMMCL_BINARY_OBJECT, bc.data, bc.size,
                                   opts.kernel_arg_info ? "" : NULL, &o.binary);
            if (!rc && cached)
                cache_put(hex, &o);
        }
    } else {
        /*
         * IL: a compiled object holds LLVM bitcode, so the module goes back
         * through llvm-spirv (with its specialization constants) and links
         * like compiled OpenCL C. SPIR-V carries no argument information.
         */
        struct hmmcl_fe_spec_const *spec = NULL;
        size_t num_spec;

        if (!copy_spec_consts(program, &spec, &num_spec, &o.log) &&
            !hmmcl_fe_spirv_to_bitcode(program->il, program->il_size, spec, num_spec, &bc, &o.log))
            rc = hmmcl_binary_pack(HMMCL_BINARY_OBJECT, bc.data, bc.size, NULL, &o.binary);
        free(spec);
    }
    err = finish(program, device_list, num_devices, &o, !rc, CL_COMPILE_PROGRAM_FAILURE);
    hmmcl_blob_free(&bc);
    free(hdrs);
out_opts:
    hmmcl_fe_options_free(&opts);
out:
    hmmcl_text_free(&o.log);
    pthread_mutex_unlock(&program->build_lock);
    return err;
}

cl_int hmmcl_program_link(cl_program program, const char *options, cl_uint num_inputs,
                          const cl_program *inputs)
{
    struct hmmcl_blob *bcs = NULL, linked = {0};
    struct hmmcl_fe_options opts;
    struct outcome o = {0};
    bool arg_info = false, uniform = true;
    cl_int err;
    int rc = -1;

    pthread_mutex_lock(&program->build_lock);
    begin(program, NULL, 0, options);
    err = hmmcl_fe_parse_options(options, HMMCL_FE_LINK, &opts, &o.log);
    if (err) {
        finish(program, NULL, 0, &o, false, err);
        goto out;
    }
    bcs = calloc(num_inputs, sizeof(*bcs));
    if (!bcs) {
        err = finish(program, NULL, 0, &o, false, CL_OUT_OF_HOST_MEMORY);
        goto out_opts;
    }
    /*
     * Every input must have a compiled object or library for the devices
     * linked; all devices run the same ISA, so the first device's is taken.
     */
    for (cl_uint i = 0; i < num_inputs; i++) {
        cl_program in = inputs[i];
        int d = hmmcl_program_device_index(in, program->devices[0]);
        struct hmmcl_binary_view view;
        bool ok = false;

        pthread_mutex_lock(&in->lock);
        if (d >= 0 && in->builds[d].binary &&
            !hmmcl_binary_unpack(in->builds[d].binary, in->builds[d].binary_size, &view) &&
            view.type != HMMCL_BINARY_EXECUTABLE && (bcs[i].data = malloc(view.payload_size))) {
            memcpy(bcs[i].data, view.payload, view.payload_size);
            bcs[i].size = view.payload_size;
            arg_info |= view.arg_info != NULL;
            uniform &= in->builds[d].uniform_work_groups;
            ok = true;
        }
        pthread_mutex_unlock(&in->lock);
        if (!ok) {
            hmmcl_text_printf(&o.log, "hmmcl: input program %u has no compiled object or library\n",
                              i);
            err = finish(program, NULL, 0, &o, false, CL_INVALID_OPERATION);
            goto out_bcs;
        }
    }
    /*
     * The work-group size must be uniform for kernels compiled for OpenCL C
     * 1.x or with -cl-uniform-work-group-size, and the linked program keeps
     * that rule: kernels cannot be traced back to their objects here, so a
     * link of objects that do not all require it requires it of none.
     */
    pthread_mutex_lock(&program->lock);
    for (cl_uint i = 0; i < program->num_devices; i++)
        program->builds[i].uniform_work_groups = uniform;
    pthread_mutex_unlock(&program->lock);
    if (num_inputs == 1) {
        linked = bcs[0];
        bcs[0].data = NULL;
    } else if (hmmcl_fe_link(bcs, num_inputs, &linked, &o.log)) {
        err = finish(program, NULL, 0, &o, false, CL_LINK_PROGRAM_FAILURE);
        goto out_bcs;
    }
    if (opts.create_library)
        rc = hmmcl_binary_pack(HMMCL_BINARY_LIBRARY, linked.data, linked.size, arg_info ? "" : NULL,
                               &o.binary);
    else
        rc = bitcode_to_executable(&linked, arg_info, &o);
    err = finish(program, NULL, 0, &o, !rc, CL_LINK_PROGRAM_FAILURE);
out_bcs:
    for (cl_uint i = 0; i < num_inputs; i++)
        hmmcl_blob_free(&bcs[i]);
    free(bcs);
    hmmcl_blob_free(&linked);
out_opts:
    hmmcl_fe_options_free(&opts);
out:
    hmmcl_text_free(&o.log);
    pthread_mutex_unlock(&program->build_lock);
    return err;
}

cl_int hmmcl_program_load_binary(cl_program program, cl_uint index, const void *binary, size_t size)
{
    struct hmmcl_program_build *b = &program->builds[index];
    struct hmmcl_binary_view view;

    if (hmmcl_binary_unpack(binary, size, &view))
        return CL_INVALID_BINARY;
    if (view.type == HMMCL_BINARY_EXECUTABLE) {
        char msg[256];
        struct hmmcl_executable *exe =
            hmmcl_executable_create(view.payload, view.payload_size, msg, sizeof(msg));

        if (!exe)
            return CL_INVALID_BINARY;
        hmmcl_executable_destroy(exe);
    }
    b->binary = malloc(size);
    if (!b->binary)
        return CL_OUT_OF_HOST_MEMORY;
    memcpy(b->binary, binary, size);
    b->binary_size = size;
    b->binary_type = cl_binary_type(view.type);
    b->uniform_work_groups = view.flags & HMMCL_BINARY_UNIFORM_WORK_GROUPS;
    return CL_SUCCESS;
}

#define OP_TYPE_INT            21
#define OP_TYPE_FLOAT          22
#define OP_TYPE_BOOL           20
#define OP_SPEC_CONSTANT_TRUE  48
#define OP_SPEC_CONSTANT_FALSE 49
#define OP_SPEC_CONSTANT       50
#define OP_DECORATE            71
#define DECORATION_SPEC_ID     1

size_t hmmcl_program_spec_const_size(cl_program program, cl_uint spec_id)
{
    const uint32_t *w = program->il;
    size_t n = program->il_size / 4;
    uint32_t target = 0;
    bool found = false;

    if (!w || n < 5)
        return 0;
    for (size_t i = 5; i < n && w[i] >> 16 && i + (w[i] >> 16) <= n; i += w[i] >> 16) {
        if ((w[i] & 0xffff) == OP_DECORATE && w[i] >> 16 == 4 && w[i + 2] == DECORATION_SPEC_ID &&
            w[i + 3] == spec_id) {
            target = w[i + 1];
            found = true;
        }
    }
    if (!found)
        return 0;
    for (size_t i = 5; i < n && w[i] >> 16 && i + (w[i] >> 16) <= n; i += w[i] >> 16) {
        uint32_t op = w[i] & 0xffff;

        if ((op == OP_SPEC_CONSTANT || op == OP_SPEC_CONSTANT_TRUE ||
             op == OP_SPEC_CONSTANT_FALSE) &&
            w[i] >> 16 >= 3 && w[i + 2] == target) {
            uint32_t type = w[i + 1];

            for (size_t j = 5; j < n && w[j] >> 16 && j + (w[j] >> 16) <= n; j += w[j] >> 16) {
                uint32_t top = w[j] & 0xffff;

                if (w[j] >> 16 >= 2 && w[j + 1] == type) {
                    if (top == OP_TYPE_BOOL)
                        return 1;
                    if ((top == OP_TYPE_INT || top == OP_TYPE_FLOAT) && w[j] >> 16 >= 3)
                        return w[j + 2] / 8;
                    return 0;
                }
            }
        }
    }
    return 0;
}
