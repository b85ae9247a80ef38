/** Advisory lock taken shared by every projector batch, and exclusively by a batch with an identity merge and by a rebuild's swap. */
export const PROJECTION_LOCK = 7_233_002;
