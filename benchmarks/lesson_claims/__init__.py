"""Each lesson's further claims: one module per lesson slug, each with a
``CLAIMS`` list of :class:`benchmarks.claims.LessonClaim` (see there)."""
