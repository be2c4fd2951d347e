"""Course tooling for trainers: cohort files, building editions, grading."""
