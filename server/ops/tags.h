/* tags.h -- what clients call on the way: TagResource, UntagResource, GetTags on database,
** table and function ARNs; Get/PutResourcePolicy (stored as given); GetCatalogImportStatus
** and GetDataCatalogEncryptionSettings (constant answers: imported, unencrypted). */
#ifndef SRV_TAGS_H
#define SRV_TAGS_H

#include "ops/ops.h"

op_fn tags_add;              /* TagResource */
op_fn tags_remove;           /* UntagResource */
op_fn tags_get;              /* GetTags */
op_fn policy_get;            /* GetResourcePolicy: ENOTFOUND when none was put */
op_fn policy_put;            /* PutResourcePolicy: PolicyHashCondition, PolicyExistsCondition */
op_fn catalog_import_status; /* GetCatalogImportStatus */
op_fn catalog_encryption_settings; /* GetDataCatalogEncryptionSettings */

#endif
