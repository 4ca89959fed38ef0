/** Source files above this size are skipped unread unless LoadOptions.maxFileBytes says otherwise. */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/** Manifests and lockfiles can be large; above this they are skipped unread. */
export const AUXILIARY_MAX_FILE_BYTES = 16 * 1024 * 1024;
