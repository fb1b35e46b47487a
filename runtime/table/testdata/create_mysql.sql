CREATE TABLE `s`.`every_kind` (
  `id` BIGINT NOT NULL,
  `code` VARCHAR(255) NOT NULL,
  `label` LONGTEXT,
  `status` VARCHAR(10) NOT NULL CHECK (`status` IN ('new', 'it''s done', _utf8mb4 X'6261636b5c736c617368')),
  `level` VARCHAR(4) CHECK (`level` IN ('low', 'high')),
  `i8` TINYINT NOT NULL,
  `i16` SMALLINT NOT NULL,
  `i32` INT,
  `f32` FLOAT NOT NULL,
  `f64` DOUBLE,
  `ok` BOOLEAN NOT NULL,
  `at` DATETIME(6) NOT NULL,
  `day` DATE,
  `amount` DECIMAL(65,30) NOT NULL,
  `tags` JSON NOT NULL,
  `odd "name"` LONGTEXT,
  PRIMARY KEY (`id`, `code`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
