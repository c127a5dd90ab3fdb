-- The first schema of the tutor's database (schema version 1), as Store.open made it.
-- Dumped from sqlite_master of a fresh database; kept unchanged so that migrations are tested by
-- upgrading a database made by this schema. Do not edit: it is history.

CREATE TABLE meta (
	"key" VARCHAR NOT NULL,
	value VARCHAR NOT NULL,
	PRIMARY KEY ("key")
);

CREATE TABLE learners (
	id VARCHAR NOT NULL,
	name VARCHAR NOT NULL,
	created_at VARCHAR NOT NULL,
	settings VARCHAR NOT NULL,
	group_name VARCHAR,
	pin_hash VARCHAR,
	PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_learners_name ON learners (name);

CREATE TABLE goals (
	id VARCHAR NOT NULL,
	learner_id VARCHAR NOT NULL,
	pack_id VARCHAR NOT NULL,
	skills VARCHAR NOT NULL,
	due_by VARCHAR NOT NULL,
	daily_minutes INTEGER NOT NULL,
	created_at VARCHAR NOT NULL,
	status VARCHAR NOT NULL,
	closed_at VARCHAR,
	PRIMARY KEY (id),
	FOREIGN KEY(learner_id) REFERENCES learners (id)
);

CREATE INDEX ix_goals_learner_id ON goals (learner_id);

CREATE TABLE attempts (
	seq INTEGER NOT NULL,
	id VARCHAR NOT NULL,
	learner_id VARCHAR NOT NULL,
	pack_id VARCHAR NOT NULL,
	pack_version VARCHAR NOT NULL,
	question_id VARCHAR NOT NULL,
	skill_id VARCHAR NOT NULL,
	response VARCHAR NOT NULL,
	score FLOAT NOT NULL,
	hints_used INTEGER NOT NULL,
	seconds FLOAT,
	answered_at VARCHAR NOT NULL,
	kind VARCHAR NOT NULL,
	session_id VARCHAR,
	PRIMARY KEY (seq),
	UNIQUE (id),
	FOREIGN KEY(learner_id) REFERENCES learners (id)
);

CREATE INDEX attempts_by_learner_pack_time ON attempts (learner_id, pack_id, answered_at);

CREATE TABLE lesson_views (
	seq INTEGER NOT NULL,
	id VARCHAR NOT NULL,
	learner_id VARCHAR NOT NULL,
	pack_id VARCHAR NOT NULL,
	skill_id VARCHAR NOT NULL,
	viewed_at VARCHAR NOT NULL,
	PRIMARY KEY (seq),
	UNIQUE (id),
	FOREIGN KEY(learner_id) REFERENCES learners (id)
);

CREATE INDEX lesson_views_by_learner_pack ON lesson_views (learner_id, pack_id, viewed_at);

CREATE TABLE skill_states (
	learner_id VARCHAR NOT NULL,
	pack_id VARCHAR NOT NULL,
	skill_id VARCHAR NOT NULL,
	p_known FLOAT NOT NULL,
	attempts INTEGER NOT NULL,
	correct INTEGER NOT NULL,
	misses_in_a_row INTEGER NOT NULL,
	seconds FLOAT NOT NULL,
	last_seen VARCHAR,
	lesson_seen_at VARCHAR,
	misses_since VARCHAR,
	mastered_at VARCHAR,
	card VARCHAR,
	due VARCHAR,
	PRIMARY KEY (learner_id, pack_id, skill_id),
	FOREIGN KEY(learner_id) REFERENCES learners (id)
);

CREATE INDEX ix_skill_states_due ON skill_states (due);

CREATE TABLE question_states (
	learner_id VARCHAR NOT NULL,
	pack_id VARCHAR NOT NULL,
	question_id VARCHAR NOT NULL,
	attempts INTEGER NOT NULL,
	correct INTEGER NOT NULL,
	last_seen VARCHAR,
	last_score FLOAT,
	PRIMARY KEY (learner_id, pack_id, question_id),
	FOREIGN KEY(learner_id) REFERENCES learners (id)
);

CREATE TABLE study_sessions (
	id VARCHAR NOT NULL,
	learner_id VARCHAR NOT NULL,
	pack_id VARCHAR,
	started_at VARCHAR NOT NULL,
	ended_at VARCHAR,
	planned_minutes INTEGER,
	PRIMARY KEY (id),
	FOREIGN KEY(learner_id) REFERENCES learners (id)
);

CREATE INDEX ix_study_sessions_learner_id ON study_sessions (learner_id);
