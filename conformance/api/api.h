/* api category: test functions shared between the api/ files and the table. */
#ifndef CONF_API_H
#define CONF_API_H

#include "harness.h"

void check_name_version_vs_string(conf_t *t, const char *what, const char *list,
                                  const cl_name_version *nv, size_t n);

#define API_TESTS(X)                                                                               \
    X(platform_ids)                                                                                \
    X(platform_info)                                                                               \
    X(platform_info_errors)                                                                        \
    X(unload_platform_compiler)                                                                    \
    X(device_ids)                                                                                  \
    X(device_queries)                                                                              \
    X(device_versions)                                                                             \
    X(device_features)                                                                             \
    X(device_limits)                                                                               \
    X(device_info_errors)                                                                          \
    X(device_retain_release)                                                                       \
    X(sub_devices)                                                                                 \
    X(context_create)                                                                              \
    X(context_errors)                                                                              \
    X(context_from_type)                                                                           \
    X(context_destructor_callbacks)                                                                \
    X(context_refcount)                                                                            \
    X(context_info_errors)                                                                         \
    X(program_source_errors)                                                                       \
    X(program_build_args)                                                                          \
    X(program_build)                                                                               \
    X(program_binary_errors)                                                                       \
    X(program_il_and_builtin)                                                                      \
    X(program_release_callback)                                                                    \
    X(program_link_uniform_work_groups)                                                            \
    X(program_cl_std_unsupported)                                                                  \
    X(kernel_create_errors)                                                                        \
    X(kernel_args)                                                                                 \
    X(kernel_exec_info)                                                                            \
    X(kernel_subgroup_info)                                                                        \
    X(native_kernel)                                                                               \
    X(images)                                                                                      \
    X(samplers)                                                                                    \
    X(pipes)                                                                                       \
    X(timers)                                                                                      \
    X(extension_function_address)                                                                  \
    X(device_queue_default)                                                                        \
    X(dispatch_platform_device)                                                                    \
    X(dispatch_context)                                                                            \
    X(dispatch_queue)                                                                              \
    X(dispatch_mem)                                                                                \
    X(dispatch_sampler)                                                                            \
    X(dispatch_program)                                                                            \
    X(dispatch_kernel)                                                                             \
    X(dispatch_event)                                                                              \
    X(dispatch_enqueue)                                                                            \
    X(dispatch_svm)                                                                                \
    X(dispatch_loader)

#define API_DECLARE(fn) void fn(conf_t *t);
API_TESTS(API_DECLARE)
#undef API_DECLARE

#endif
