CREATE TABLE "s"."every_kind" (
  "id" bigint NOT NULL,
  "code" text NOT NULL,
  "label" text,
  "status" text NOT NULL CHECK ("status" IN ('new', 'it''s done', 'back\slash')),
  "level" text CHECK ("level" IN ('low', 'high')),
  "i8" smallint NOT NULL,
  "i16" smallint NOT NULL,
  "i32" integer,
  "f32" real NOT NULL,
  "f64" double precision,
  "ok" boolean NOT NULL,
  "at" timestamptz NOT NULL,
  "day" date,
  "amount" numeric NOT NULL,
  "tags" jsonb NOT NULL,
  "odd ""name""" text,
  PRIMARY KEY ("id", "code")
);
