/* catalog.h -- the one public header of libcatalog: cat_client, CAT_* codes, documented functions.
**
** The result codes (CAT_ERRNO_MAP) are shared with catalogd, which renders them on the wire;
** everything below them is the client library (build/libcatalog.a, libcatalog.so.0).
**
** Conventions, true of every function below unless it says otherwise:
**  - Functions return an int cat_code: CAT_OK (0) or a negative CAT_E* code.  After a
**    failure, cat_errmsg(c) holds the server's message (or libcurl's, or the library's).
**  - Out-parameters come first.  "json_t **out" receives a NEW reference on success (the
**    caller json_decref()s it) and is set to NULL on failure.  "const json_t *" parameters
**    are BORROWED: the library neither keeps nor decrefs them.  Strings passed in are
**    copied or only read during the call; the caller may free them afterwards.
**  - Allocation failure gives CAT_ENOMEM.  The library never prints, exits or aborts.
**  - A cat_client (and a cat_iter made from it) must not be used by two threads at once.
**    Different clients may be used concurrently; cat_client_dup() makes one per thread.
*/
#ifndef CATALOG_H
#define CATALOG_H

#include <stddef.h>

#include <jansson.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------
** Version and linkage
**
** CAT_VERSION_MAJOR.MINOR.PATCH is the version of this header (the one number: the Makefile
** reads it for libcatalog.pc).  Before 1.0 a MINOR step may change the API or ABI; from 1.0
** on only a MAJOR step does, together with the soname (libcatalog.so.MAJOR).  Within one
** soname the library only grows: new functions, new codes, new options, new members at the
** end of the versioned input structures below (see "Typed inputs").  CAT_VERSION_NUMBER grows
** with every release, for "#if CAT_VERSION_NUMBER >= 2000" (0.2.0).
*/
#define CAT_VERSION_MAJOR 0
#define CAT_VERSION_MINOR 3
#define CAT_VERSION_PATCH 0
#define CAT_VERSION_NUMBER                                                                         \
    (CAT_VERSION_MAJOR * 1000000L + CAT_VERSION_MINOR * 1000L + CAT_VERSION_PATCH)
#define CAT_VERSION_STR_(x) #x
#define CAT_VERSION_XSTR_(x) CAT_VERSION_STR_(x)
#define CAT_VERSION                                                                                \
    CAT_VERSION_XSTR_(CAT_VERSION_MAJOR)                                                           \
    "." CAT_VERSION_XSTR_(CAT_VERSION_MINOR) "." CAT_VERSION_XSTR_(CAT_VERSION_PATCH)

/* Marks the public functions: the library is built with -fvisibility=hidden, so only these
** (all named cat_*) are exported from libcatalog.so. */
#if defined(__GNUC__) && __GNUC__ >= 4
#define CAT_EXTERN extern __attribute__((visibility("default")))
#else
#define CAT_EXTERN extern
#endif

/* The version of the library running (which may be newer than the header the caller was
** compiled with), as "0.3.0"; MAJOR, MINOR and PATCH, when not NULL, receive its parts.  The
** string is static.  Thread-safe. */
CAT_EXTERN const char *cat_version(int *major, int *minor, int *patch);

/* Result codes: CAT_OK is 0, errors are negative.  Columns: symbol, value, the Glue exception
** ("__type") it stands for, default message.  Rows with a NULL __type never travel on the wire
** (client-side only).  How each code is rendered on the wire (HTTP statuses, the REST and
** Iceberg fronts) is the server's business and lives in catalogd's server/base/error.c.
**
** Names: one code per Glue exception, named for what it means, and no two names alike: no
** name is another one plus a suffix, and none differs from another only by an abbreviation
** (hence CAT_ECONCURRENT for ConcurrentModificationException beside CAT_ESTATECONFLICT for
** ConflictException, CAT_EREQUESTTOOBIG beside CAT_ERESPONSETOOBIG, CAT_EVERSIONMISMATCH
** beside the CAT_VERSION macros).  Values never change; new codes take new values. */
#define CAT_ERRNO_MAP(XX)                                                                          \
    XX(EINVAL, -1, "InvalidInputException", "invalid input")                                       \
    XX(ENOTFOUND, -2, "EntityNotFoundException", "entity not found")                               \
    XX(EEXISTS, -3, "AlreadyExistsException", "entity already exists")                             \
    XX(ECONCURRENT, -4, "ConcurrentModificationException", "concurrent modification")              \
    XX(ELIMIT, -5, "ResourceNumberLimitExceededException", "resource limit exceeded")              \
    XX(ETIMEOUT, -6, "OperationTimeoutException", "operation timed out")                           \
    XX(EUNKNOWNOP, -9, "UnknownOperationException", "unknown operation")                           \
    XX(EREQUESTTOOBIG, -10, "InvalidInputException", "request body too large")                     \
    XX(EINTERNAL, -7, "InternalServiceException", "internal error")                                \
    XX(ENOMEM, -8, "InternalServiceException", "out of memory")                                    \
    XX(ETRANSPORT, -20, NULL, "cannot reach server")                                               \
    XX(EPROTO, -21, NULL, "malformed response")                                                    \
    XX(ITEROVER, -22, NULL, "no more items")                                                       \
    XX(EUNKNOWNTYPE, -23, NULL, "unrecognised error from server")                                  \
    XX(ERESPONSETOOBIG, -24, NULL, "response too large")                                           \
    XX(EACCESS, -30, "AccessDeniedException", "access denied")                                     \
    XX(EVALIDATION, -31, "ValidationException", "validation failed")                               \
    XX(ETHROTTLED, -32, "ThrottlingException", "request throttled")                                \
    XX(ESTATECONFLICT, -33, "ConflictException", "conflict")                                       \
    XX(ENOTREADY, -34, "ResourceNotReadyException", "resource not ready")                          \
    XX(EBADSTATE, -35, "InvalidStateException", "invalid state")                                   \
    XX(EENCRYPTION, -36, "GlueEncryptionException", "encryption error")                            \
    XX(EIDEMPOTENT, -37, "IdempotentParameterMismatchException", "idempotent parameter mismatch")  \
    XX(ETOOMANYRUNS, -38, "ConcurrentRunsExceededException", "concurrent runs exceeded")           \
    XX(EVERSIONMISMATCH, -39, "VersionMismatchException", "version mismatch")                      \
    XX(ECONDITION, -40, "ConditionCheckFailureException", "condition check failed")                \
    XX(ERESNOTFOUND, -41, "ResourceNotFoundException", "resource not found")                       \
    XX(ENOTSUPPORTED, -42, "OperationNotSupportedException", "operation not supported")            \
    XX(EPERMTYPE, -43, "PermissionTypeMismatchException", "permission type mismatch")              \
    XX(EFEDSOURCE, -44, "FederationSourceException", "federation source error")                    \
    XX(EFEDRETRY, -45, "FederationSourceRetryableException", "federation source error, retryable") \
    XX(EFEDEXISTS, -46, "FederatedResourceAlreadyExistsException",                                 \
       "federated resource already exists")                                                        \
    XX(ESERVERFAULT, -47, "InternalServerException", "internal server error")                      \
    XX(ECRAWLERRUNNING, -48, "CrawlerRunningException", "crawler running")                         \
    XX(ECRAWLERNOTRUNNING, -49, "CrawlerNotRunningException", "crawler not running")               \
    XX(ECRAWLERSTOPPING, -50, "CrawlerStoppingException", "crawler stopping")                      \
    XX(ESCHEDRUNNING, -51, "SchedulerRunningException", "scheduler running")                       \
    XX(ESCHEDNOTRUNNING, -52, "SchedulerNotRunningException", "scheduler not running")             \
    XX(ESCHEDTRANSITION, -53, "SchedulerTransitioningException", "scheduler transitioning")        \
    XX(ENOSCHEDULE, -54, "NoScheduleException", "no schedule")                                     \
    XX(EBLUEPRINTSTATE, -55, "IllegalBlueprintStateException", "illegal blueprint state")          \
    XX(ESESSIONSTATE, -56, "IllegalSessionStateException", "illegal session state")                \
    XX(EWORKFLOWSTATE, -57, "IllegalWorkflowStateException", "illegal workflow state")             \
    XX(EMLNOTREADY, -58, "MLTransformNotReadyException", "ML transform not ready")                 \
    XX(ESTATSRUNNING, -59, "ColumnStatisticsTaskRunningException",                                 \
       "column statistics task running")                                                           \
    XX(ESTATSNOTRUNNING, -60, "ColumnStatisticsTaskNotRunningException",                           \
       "column statistics task not running")                                                       \
    XX(ESTATSSTOPPING, -61, "ColumnStatisticsTaskStoppingException",                               \
       "column statistics task stopping")                                                          \
    XX(EMVRUNNING, -62, "MaterializedViewRefreshTaskRunningException",                             \
       "materialized view refresh running")                                                        \
    XX(EMVNOTRUNNING, -63, "MaterializedViewRefreshTaskNotRunningException",                       \
       "materialized view refresh not running")                                                    \
    XX(EMVSTOPPING, -64, "MaterializedViewRefreshTaskStoppingException",                           \
       "materialized view refresh stopping")                                                       \
    XX(EINTEGCONFLICT, -65, "IntegrationConflictOperationFault", "integration operation conflict") \
    XX(EINTEGNOTFOUND, -66, "IntegrationNotFoundFault", "integration not found")                   \
    XX(EINTEGQUOTA, -67, "IntegrationQuotaExceededFault", "integration quota exceeded")            \
    XX(EINTEGSTATE, -68, "InvalidIntegrationStateFault", "invalid integration state")              \
    XX(EKMSKEY, -69, "KMSKeyNotAccessibleFault", "KMS key not accessible")                         \
    XX(ETARGETNOTFOUND, -70, "TargetResourceNotFound", "target resource not found")                \
    XX(EAUTH, -71, "UnrecognizedClientException", "unrecognized client")                           \
    XX(ESIGNATURE, -72, "InvalidSignatureException", "invalid signature")                          \
    XX(EEXPIRED, -73, "ExpiredTokenException", "expired security token")                           \
    XX(EUNAVAILABLE, -74, "InternalServiceException", "service unavailable")                       \
    XX(EUNSIGNED, -75, "MissingAuthenticationTokenException", "missing authentication token")      \
    XX(EINCOMPLETESIG, -76, "IncompleteSignatureException", "incomplete signature")

typedef enum {
    CAT_OK = 0,
#define XX(sym, val, type, msg) CAT_##sym = val,
    CAT_ERRNO_MAP(XX)
#undef XX
} cat_code;

/* ------------------------------------------------------------------------------------------
** Errors
*/

/* The static description of CODE ("entity not found"); "unknown code" for values not in the
** map.  Never NULL; the string is owned by the library.  Thread-safe. */
CAT_EXTERN const char *cat_strerror(int code);

/* The cat_code for a Glue exception name ("EntityNotFoundException", also with a "ns#"
** prefix or ":suffix"); CAT_EUNKNOWNTYPE for a name not in the map or NULL.  Thread-safe. */
CAT_EXTERN int cat_code_from_type(const char *type);

/* ------------------------------------------------------------------------------------------
** The client handle
*/

typedef struct cat_client cat_client;

/*
** Open a client.
**
** ENDPOINT is the base URL ("http://127.0.0.1:8049"); NULL means the CATALOG_ENDPOINT
** environment variable, and when that is unset too, the AWS Glue endpoint of the configured
** region ("https://glue.REGION.amazonaws.com") at the time of each call.  Credentials and
** region come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
** AWS_REGION (else AWS_DEFAULT_REGION); cat_client_set() overrides each.  Requests are
** signed with SigV4 (service "glue") when an access key, a secret key and a region are all
** configured.  No network traffic happens here; connections are opened by the first call
** and reused by the following ones.
**
** On success *OUT is a new handle owned by the caller; release it with cat_client_free().
** On failure *OUT is NULL.  Returns CAT_OK or CAT_ENOMEM (a call made without any endpoint
** fails with CAT_EINVAL).  Thread-safe (may be called from several threads at once).
*/
CAT_EXTERN int cat_client_new(cat_client **out, /* OUT: new handle */
                              const char *endpoint /* copied; NULL: environment */);

/*
** Open a second client with C's settings (endpoint, credentials, options), e.g. one per
** thread.  *OUT is a new handle (release with cat_client_free()), NULL on failure.
** Returns CAT_OK or CAT_ENOMEM.  C must not be in use by another thread during the call.
*/
CAT_EXTERN int cat_client_dup(cat_client **out, const cat_client *c);

/* Release C and everything it owns (closing its connections).  cat_client_free(NULL) is a
** harmless no-op.  C must not be used afterwards, nor iterators made from it. */
CAT_EXTERN void cat_client_free(cat_client *c);

/* Settings for cat_client_set() (strings) and cat_client_set_long() (numbers). */
typedef enum {
    CAT_OPT_ENDPOINT = 1,       /* string: base URL */
    CAT_OPT_REGION,             /* string: AWS region used for signing, e.g. "us-east-1" */
    CAT_OPT_ACCESS_KEY_ID,      /* string; NULL disables signing */
    CAT_OPT_SECRET_ACCESS_KEY,  /* string */
    CAT_OPT_SESSION_TOKEN,      /* string: sent as X-Amz-Security-Token; NULL: none */
    CAT_OPT_CATALOG_ID,         /* string: CatalogId added to every typed call; NULL: none */
    CAT_OPT_CA_BUNDLE,          /* string: CA certificates (PEM file) that verify an https
                                ** endpoint, instead of the system's; default $CATALOG_CA_BUNDLE.
                                ** The certificate is always verified. */
    CAT_OPT_TIMEOUT_MS = 100,   /* long: whole-request timeout, 0 = none (default 30000) */
    CAT_OPT_CONNECT_TIMEOUT_MS, /* long: connect timeout (default 10000) */
    CAT_OPT_MAX_RESPONSE        /* long: largest response body accepted, bytes (default 64 MiB) */
} cat_option;

/*
** Set a string option on C.  VALUE is copied; NULL clears the setting.
** Returns CAT_OK, CAT_EINVAL (unknown option, or a number option) or CAT_ENOMEM.
** Not thread-safe with other calls on C.
*/
CAT_EXTERN int cat_client_set(cat_client *c, cat_option opt, const char *value);

/* Set a number option on C.  Returns CAT_OK or CAT_EINVAL (unknown option, a string option,
** or a negative value).  Not thread-safe with other calls on C. */
CAT_EXTERN int cat_client_set_long(cat_client *c, cat_option opt, long value);

/*
** The message of the last failed call on C: the server's "message", libcurl's error text
** for CAT_ETRANSPORT/CAT_ETIMEOUT, or the library's own text.  "" after a successful call
** and for NULL.  Owned by C; valid until the next call on C.  Read it from the thread that
** made the call.
*/
CAT_EXTERN const char *cat_errmsg(const cat_client *c);

/* The Glue exception name ("__type", without namespace) of the last failed call on C, or ""
** when the failure did not come from the server.  Owned by C; valid until the next call on C;
** read it from the thread that made the call. */
CAT_EXTERN const char *cat_errtype(const cat_client *c);

/* ------------------------------------------------------------------------------------------
** The generic call
*/

/*
** Call Glue operation OP (e.g. "GetTableVersions") with request REQ (borrowed; NULL means
** {}).  On success *OUT is a new reference to the response object; json_decref() it.  On
** failure *OUT is NULL, the result is the CAT_* code of the server's exception (or
** CAT_ETRANSPORT, CAT_ETIMEOUT, CAT_EPROTO, CAT_ERESPONSETOOBIG, CAT_EUNKNOWNTYPE, CAT_ENOMEM) and
** cat_errmsg(c) holds the message.  CAT_OPT_CATALOG_ID is not added here: put CatalogId in
** REQ.  Not thread-safe with other calls on C.
*/
CAT_EXTERN int cat_call(json_t **out,   /* OUT: new reference to the response */
                        cat_client *c,  /* the client */
                        const char *op, /* operation name, e.g. "GetTable" */
                        const json_t *req /* borrowed; NULL: {} */);

/* ------------------------------------------------------------------------------------------
** Typed inputs.  Every pointer in these structures is borrowed for the duration of the call
** that reads them; NULL (or a count of 0) leaves the member out of the request.
**
** cat_database_input, cat_table_input, cat_partition_input and cat_function_input are
** versioned, as libgit2's
** options are: the first member is VERSION, and every one is initialised with its _INIT macro,
**     cat_table_input t = CAT_TABLE_INPUT_INIT;
**     t.name = "orders";
** which sets VERSION to the header's CAT_*_INPUT_VERSION and every other member to 0/NULL.
** New members are only ever added at the end, with a new version number; the library reads
** the members that the caller's version has, so a program compiled against an older header
** keeps working with a newer library.  A version the library does not know (0: not
** initialised; or newer than the library, a header newer than the library) is refused with
** CAT_EINVAL and a cat_errmsg() naming the structure.  Because the size of a versioned
** structure may grow, arrays of them are passed as arrays of pointers.  (C++ before C++20,
** which has no designated initialisers: zero the structure and set VERSION.)
**
** cat_param, cat_column, cat_values and cat_resource_uri are fixed for good: they never gain
*members (richer
** forms would be new types, reached through new members of the versioned inputs).
*/

typedef struct {
    const char *key, *value;
} cat_param;

typedef struct {
    const char *name;    /* required */
    const char *type;    /* Hive type, e.g. "string", "int", "date"; required */
    const char *comment; /* optional */
} cat_column;

/* Storage formats: each fills InputFormat, OutputFormat and SerDe library unless the
** table input names them explicitly.  New formats may be added. */
typedef enum {
    CAT_FORMAT_NONE = 0, /* nothing filled in */
    CAT_FORMAT_PARQUET,
    CAT_FORMAT_ORC,
    CAT_FORMAT_AVRO,
    CAT_FORMAT_CSV, /* text, LazySimpleSerDe, field.delim "," */
    CAT_FORMAT_JSON /* text, org.openx.data.jsonserde.JsonSerDe */
} cat_format;

/* The current version of each versioned input, and its initialiser. */
/* clang-format off */
#define CAT_DATABASE_INPUT_VERSION 1
#define CAT_DATABASE_INPUT_INIT {.version = CAT_DATABASE_INPUT_VERSION}
#define CAT_TABLE_INPUT_VERSION 1
#define CAT_TABLE_INPUT_INIT {.version = CAT_TABLE_INPUT_VERSION}
#define CAT_PARTITION_INPUT_VERSION 1
#define CAT_PARTITION_INPUT_INIT {.version = CAT_PARTITION_INPUT_VERSION}
#define CAT_FUNCTION_INPUT_VERSION 1
#define CAT_FUNCTION_INPUT_INIT {.version = CAT_FUNCTION_INPUT_VERSION}
/* clang-format on */

typedef struct {
    unsigned int version;     /* CAT_DATABASE_INPUT_VERSION, set by CAT_DATABASE_INPUT_INIT */
    const char *name;         /* required */
    const char *description;  /* optional */
    const char *location_uri; /* optional */
    const cat_param *parameters;
    size_t nparameters;
} cat_database_input;

typedef struct {
    unsigned int version;    /* CAT_TABLE_INPUT_VERSION, set by CAT_TABLE_INPUT_INIT */
    const char *name;        /* required */
    const char *description; /* optional */
    const char *owner;       /* optional */
    const char *table_type;  /* e.g. "EXTERNAL_TABLE"; optional */
    const cat_column *columns;
    size_t ncolumns;
    const cat_column *partition_keys;
    size_t npartition_keys;
    const char *location; /* StorageDescriptor.Location */
    cat_format format;    /* fills the three members below when they are NULL */
    const char *input_format, *output_format;
    const char *serde_library; /* SerdeInfo.SerializationLibrary */
    const cat_param *serde_parameters;
    size_t nserde_parameters;
    const cat_param *parameters; /* table Parameters */
    size_t nparameters;
} cat_table_input;

/* The values of one partition, in partition-key order. */
typedef struct {
    const char *const *values;
    size_t nvalues;
} cat_values;

typedef struct {
    unsigned int version; /* CAT_PARTITION_INPUT_VERSION, set by CAT_PARTITION_INPUT_INIT */
    cat_values values;    /* required */
    const char *location; /* StorageDescriptor.Location; optional */
    /* When non-NULL, the partition's storage descriptor (columns, formats, SerDe) is the one
    ** this table input describes, with LOCATION in place of the table's. */
    const cat_table_input *like;
    const cat_param *parameters;
    size_t nparameters;
} cat_partition_input;

/* One resource of a user-defined function (a ResourceUri). */
typedef struct {
    const char *type; /* ResourceType: "JAR", "FILE" or "ARCHIVE"; required */
    const char *uri;  /* Uri; required */
} cat_resource_uri;

/* A user-defined function (Glue's UserDefinedFunctionInput). */
typedef struct {
    unsigned int version;      /* CAT_FUNCTION_INPUT_VERSION, set by CAT_FUNCTION_INPUT_INIT */
    const char *name;          /* FunctionName; required */
    const char *class_name;    /* ClassName, e.g. "com.example.hive.Upper"; optional */
    const char *owner;         /* OwnerName; optional */
    const char *owner_type;    /* OwnerType: "USER", "ROLE" or "GROUP"; optional */
    const char *function_type; /* FunctionType, e.g. "REGULAR_FUNCTION"; optional */
    const cat_resource_uri *resource_uris;
    size_t nresource_uris;
} cat_function_input;

/* Build the Glue DatabaseInput / TableInput / PartitionInput / FunctionInput for IN.  *OUT is
** a new reference (NULL on failure).  Returns CAT_OK, CAT_EINVAL (a required member missing,
** an unknown version) or CAT_ENOMEM.  Thread-safe. */
CAT_EXTERN int cat_database_input_json(json_t **out, const cat_database_input *in);
CAT_EXTERN int cat_table_input_json(json_t **out, const cat_table_input *in);
CAT_EXTERN int cat_partition_input_json(json_t **out, const cat_partition_input *in);
CAT_EXTERN int cat_function_input_json(json_t **out, const cat_function_input *in);

/* ------------------------------------------------------------------------------------------
** Typed calls.  Each is a thin wrapper over cat_call(): it builds the request (adding
** CatalogId when CAT_OPT_CATALOG_ID is set), and returns what cat_call() returns.  Entities
** come back as new references to the Glue object ("Database", "Table", "Partition").
** Expected codes are listed per call; any call may also fail with CAT_EINVAL (bad input,
** including a NULL required argument), transport codes (CAT_ETRANSPORT, CAT_ETIMEOUT,
** CAT_EPROTO, CAT_ERESPONSETOOBIG), CAT_ENOMEM and, against AWS, CAT_EACCESS/CAT_ETHROTTLED.
** None is thread-safe with other calls on the same client.
*/

/* CreateDatabase.  CAT_EEXISTS when it exists. */
CAT_EXTERN int cat_database_create(cat_client *c, const cat_database_input *in);
/* GetDatabase: *OUT is the Database.  CAT_ENOTFOUND. */
CAT_EXTERN int cat_database_get(json_t **out, cat_client *c, const char *name);
/* UpdateDatabase NAME to IN (a different IN->name renames).  CAT_ENOTFOUND. */
CAT_EXTERN int cat_database_update(cat_client *c, const char *name, const cat_database_input *in);
/* DeleteDatabase, with its tables and partitions.  CAT_ENOTFOUND. */
CAT_EXTERN int cat_database_delete(cat_client *c, const char *name);

/* CreateTable in database DB.  CAT_EEXISTS, CAT_ENOTFOUND (no such database). */
CAT_EXTERN int cat_table_create(cat_client *c, const char *db, const cat_table_input *in);
/* GetTable: *OUT is the Table (its "VersionId" is the value for cat_table_update()).
** CAT_ENOTFOUND (database or table). */
CAT_EXTERN int cat_table_get(json_t **out, cat_client *c, const char *db, const char *name);
/* UpdateTable IN->name in DB.  VERSION_ID (optional) makes it a compare-and-swap: a table
** whose VersionId differs is left alone and the call fails with CAT_ECONCURRENT.
** CAT_ENOTFOUND, CAT_ECONCURRENT. */
CAT_EXTERN int cat_table_update(cat_client *c, const char *db, const cat_table_input *in,
                                const char *version_id);
/* DeleteTable, with its partitions.  CAT_ENOTFOUND. */
CAT_EXTERN int cat_table_delete(cat_client *c, const char *db, const char *name);

/* CreatePartition.  CAT_EEXISTS, CAT_ENOTFOUND (database or table), CAT_EINVAL. */
CAT_EXTERN int cat_partition_create(cat_client *c, const char *db, const char *table,
                                    const cat_partition_input *in);
/*
** BatchCreatePartition of the N partitions *IN[0..N-1] (an array of pointers: see "Typed
** inputs"; AWS Glue takes up to 100 per call, catalogd 1000).  Entries fail one by one:
** CAT_OK means the call ran, and *OUT (a new reference to the response, {"Errors": [...]})
** lists the entries that were not created.  OUT may be NULL when the caller does not want it.
** CAT_ENOTFOUND (database or table).
*/
CAT_EXTERN int cat_partition_batch_create(json_t **out, cat_client *c, const char *db,
                                          const char *table, const cat_partition_input *const *in,
                                          size_t n);
/* GetPartition: *OUT is the Partition.  CAT_ENOTFOUND. */
CAT_EXTERN int cat_partition_get(json_t **out, cat_client *c, const char *db, const char *table,
                                 cat_values values);
/* BatchGetPartition of the N partitions KEYS[0..N-1]: *OUT is a new reference to the
** response ({"Partitions": [...], "UnprocessedKeys": [...]}); missing partitions are left
** out.  CAT_ENOTFOUND (database or table). */
CAT_EXTERN int cat_partition_batch_get(json_t **out, cat_client *c, const char *db,
                                       const char *table, const cat_values *keys, size_t n);
/* UpdatePartition VALUES to IN (which may carry new values).  CAT_ENOTFOUND, CAT_EEXISTS. */
CAT_EXTERN int cat_partition_update(cat_client *c, const char *db, const char *table,
                                    cat_values values, const cat_partition_input *in);
/* DeletePartition.  CAT_ENOTFOUND. */
CAT_EXTERN int cat_partition_delete(cat_client *c, const char *db, const char *table,
                                    cat_values values);
/* BatchDeletePartition of KEYS[0..N-1]: *OUT (optional, as for batch create) is a new
** reference to the response, {"Errors": [...]}.  CAT_ENOTFOUND (database or table). */
CAT_EXTERN int cat_partition_batch_delete(json_t **out, cat_client *c, const char *db,
                                          const char *table, const cat_values *keys, size_t n);

/*
** catalogd's BatchUpdateColumnStatisticsForPartition (not a Glue operation: against AWS Glue
** it fails with CAT_EUNKNOWNOP): for each I < N, the statistics STATS[I] (borrowed: a JSON
** array of Glue ColumnStatistics, at most 25) of partition VALUES[I] of DB.TABLE, all written
** in one transaction; N is 1 to 1000.  Entries fail one by one: CAT_OK means the call ran,
** and *OUT (a new reference to the response, {"Errors": [...]}; OUT may be NULL) lists the
** statistics not written, each with its PartitionValues.  CAT_ENOTFOUND (database or table),
** CAT_EINVAL (a STATS[I] that is not an array, a bad statistic).
*/
CAT_EXTERN int cat_column_statistics_update_batch(json_t **out, cat_client *c, const char *db,
                                                  const char *table, const cat_values *values,
                                                  const json_t *const *stats, size_t n);

/* CreateUserDefinedFunction in database DB.  CAT_EEXISTS, CAT_ENOTFOUND (no such database). */
CAT_EXTERN int cat_function_create(cat_client *c, const char *db, const cat_function_input *in);
/* GetUserDefinedFunction: *OUT is the UserDefinedFunction.  CAT_ENOTFOUND (database or
** function). */
CAT_EXTERN int cat_function_get(json_t **out, cat_client *c, const char *db, const char *name);
/* UpdateUserDefinedFunction NAME in DB to IN (a different IN->name renames).  CAT_ENOTFOUND,
** CAT_EEXISTS (the new name is taken). */
CAT_EXTERN int cat_function_update(cat_client *c, const char *db, const char *name,
                                   const cat_function_input *in);
/* DeleteUserDefinedFunction.  CAT_ENOTFOUND. */
CAT_EXTERN int cat_function_delete(cat_client *c, const char *db, const char *name);

/*
** The operations without a typed call go through cat_call() (and cat_iter_new() for paged
** ones), with requests as in the Glue API reference; for example:
**  - column statistics: GetColumnStatisticsForTable {"DatabaseName", "TableName",
**    "ColumnNames": [...]} answers {"ColumnStatisticsList": [...], "Errors": [...]};
**    UpdateColumnStatisticsForTable {"DatabaseName", "TableName", "ColumnStatisticsList"};
**    DeleteColumnStatisticsForTable {"DatabaseName", "TableName", "ColumnName"}; the
**    ...ForPartition forms add "PartitionValues": [...].
**  - SearchTables: cat_iter_new(&it, c, "SearchTables", {"SearchText", "Filters": [{"Key",
**    "Value"}], "SortCriteria": [{"FieldName", "Sort": "ASC"|"DESC"}]}, "TableList").
**  - tags: TagResource, UntagResource, GetTags on the ARN of a database, table or function.
*/

/* ------------------------------------------------------------------------------------------
** Iterators over paged listings: they send the call, hand out the items one at a time and
** follow NextToken themselves.  Pages are fetched lazily, by cat_iter_next().
*/

typedef struct cat_iter cat_iter;

/*
** An iterator over any paged Glue listing: operation OP with request REQ (borrowed; copied,
** NULL means {}), whose items are in the response's array member ITEMS (e.g. "Partitions").
** No request is sent until cat_iter_next().  *OUT is a new iterator (free it with
** cat_iter_free()); it borrows C, which must outlive it and not be used by another thread
** while the iterator is in use.  Returns CAT_OK, CAT_EINVAL or CAT_ENOMEM.
*/
CAT_EXTERN int cat_iter_new(cat_iter **out, cat_client *c, const char *op, const json_t *req,
                            const char *items);

/* GetDatabases. */
CAT_EXTERN int cat_iter_databases(cat_iter **out, cat_client *c);
/* GetTables of DB; EXPRESSION (optional) is a name pattern such as "sales_*". */
CAT_EXTERN int cat_iter_tables(cat_iter **out, cat_client *c, const char *db,
                               const char *expression);
/*
** GetPartitions of DB.TABLE matching EXPRESSION (optional, e.g. "year = '2024' AND
** month > 6").  With TOTAL_SEGMENTS > 1, only segment SEGMENT (0 <= SEGMENT <
** TOTAL_SEGMENTS) is listed; the segments are disjoint and together cover the table, so
** one thread per segment (each with its own client, see cat_client_dup()) lists it in
** parallel.  TOTAL_SEGMENTS <= 1 lists everything.
*/
CAT_EXTERN int cat_iter_partitions(cat_iter **out, cat_client *c, const char *db, const char *table,
                                   const char *expression, int segment, int total_segments);

/* GetUserDefinedFunctions matching PATTERN (required: a Hive pattern such as "trino__*" or
** "*"), in database DB, or in every database when DB is NULL. */
CAT_EXTERN int cat_iter_functions(cat_iter **out, cat_client *c, const char *db,
                                  const char *pattern);

/* Ask for pages of at most MAX_RESULTS items (MaxResults); before the first cat_iter_next().
** Returns CAT_OK, CAT_EINVAL (not positive, or iteration already started) or CAT_ENOMEM. */
CAT_EXTERN int cat_iter_set_page_size(cat_iter *it, int max_results);

/*
** The next item.  On CAT_OK *ITEM is a BORROWED reference, owned by IT and valid until the
** next cat_iter_next() or cat_iter_free() on IT (json_incref() it to keep it).  At the end
** the result is CAT_ITEROVER and *ITEM is NULL; a failed page request returns its code
** (message in cat_errmsg() of the client) and *ITEM is NULL.  Usual loop:
**     while ((rc = cat_iter_next(&item, it)) == CAT_OK) { ... }
**     if (rc != CAT_ITEROVER) ...error...
*/
CAT_EXTERN int cat_iter_next(const json_t **item, cat_iter *it);

/* Release IT.  cat_iter_free(NULL) is a harmless no-op.  The client is not freed. */
CAT_EXTERN void cat_iter_free(cat_iter *it);

#ifdef __cplusplus
}
#endif
#endif /* CATALOG_H */
