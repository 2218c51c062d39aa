-- History pruning deletes a done fire only when none of its runs is left; this finds a fire's runs by key.
CREATE INDEX ${prefix}runs_fire ON ${prefix}runs (job_id, fire_at);
