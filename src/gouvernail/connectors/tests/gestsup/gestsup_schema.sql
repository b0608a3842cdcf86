-- The GestSup tables the connector reads, as GestSup 3.2.55 creates them (_SQL/skeleton.sql):
-- same columns, types and NOT NULL everywhere ("no value" is 0 or the zero date), with the
-- primary keys its ALTER TABLE statements add. `tparameters` keeps only the columns the
-- connector reads (its real definition has some two hundred settings columns).
-- Lookup rows are GestSup's own defaults (row 0 « Aucun(e) » included).

SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO';

CREATE TABLE `tagencies` (
  `id` int(5) NOT NULL,
  `name` varchar(250) NOT NULL,
  `mail` varchar(100) NOT NULL,
  `ldap_guid` varchar(50) NOT NULL,
  `disable` int(1) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

INSERT INTO `tagencies` (`id`, `name`, `mail`, `ldap_guid`, `disable`) VALUES
(0, 'Aucune', '', '', 0);

CREATE TABLE `tgroups` (
  `id` int(3) NOT NULL,
  `name` varchar(50) NOT NULL,
  `type` int(1) NOT NULL,
  `service` int(5) NOT NULL,
  `disable` int(11) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

INSERT INTO `tgroups` (`id`, `name`, `type`, `service`, `disable`) VALUES
(0, 'Aucun', 0, 0, 1);

CREATE TABLE `tassets` (
  `id` int(15) NOT NULL,
  `sn_internal` varchar(128) NOT NULL,
  `sn_manufacturer` varchar(128) NOT NULL,
  `sn_indent` varchar(128) NOT NULL,
  `netbios` varchar(128) NOT NULL,
  `description` varchar(500) NOT NULL,
  `type` int(5) NOT NULL,
  `manufacturer` int(5) NOT NULL,
  `model` int(5) NOT NULL,
  `user` int(5) NOT NULL,
  `state` int(5) NOT NULL,
  `department` int(5) NOT NULL,
  `date_install` date NOT NULL,
  `date_stock` date NOT NULL,
  `date_standbye` date NOT NULL,
  `date_recycle` date NOT NULL,
  `date_end_warranty` date NOT NULL,
  `date_last_ping` date NOT NULL,
  `location` int(5) NOT NULL,
  `socket` varchar(50) NOT NULL,
  `technician` int(5) NOT NULL,
  `maintenance` int(10) NOT NULL,
  `virtualization` int(1) NOT NULL,
  `net_scan` int(1) NOT NULL DEFAULT 1,
  `discover_net_scan` int(1) NOT NULL,
  `discover_import_csv` int(1) NOT NULL,
  `uuid` varchar(128) NOT NULL,
  `entra_id` varchar(256) NOT NULL,
  `entra_id_tenant_id` varchar(256) NOT NULL,
  `disable` int(1) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

CREATE TABLE `tassets_location` (
  `id` int(5) NOT NULL,
  `name` varchar(200) NOT NULL,
  `disable` int(1) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

INSERT INTO `tassets_location` (`id`, `name`, `disable`) VALUES
(0, 'Aucune', 0);

CREATE TABLE `tassets_manufacturer` (
  `id` int(11) NOT NULL,
  `name` varchar(50) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

INSERT INTO `tassets_manufacturer` (`id`, `name`) VALUES
(1, 'Dell');

CREATE TABLE `tassets_model` (
  `id` int(5) NOT NULL,
  `type` int(5) NOT NULL,
  `manufacturer` int(5) NOT NULL,
  `image` varchar(50) NOT NULL,
  `name` varchar(50) NOT NULL,
  `ip` int(1) NOT NULL,
  `wifi` int(1) NOT NULL,
  `warranty` int(2) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

INSERT INTO `tassets_model` (`id`, `type`, `manufacturer`, `image`, `name`, `ip`, `wifi`, `warranty`) VALUES
(1, 1, 1, '3020.jpg', 'Optiplex 3020', 1, 0, 3);

CREATE TABLE `tassets_state` (
  `id` int(5) NOT NULL,
  `order` int(3) NOT NULL,
  `name` varchar(20) NOT NULL,
  `description` varchar(50) NOT NULL,
  `block_ip_search` int(1) NOT NULL,
  `disable` int(1) NOT NULL,
  `display` varchar(100) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

INSERT INTO `tassets_state` (`id`, `order`, `name`, `description`, `block_ip_search`, `disable`, `display`) VALUES
(1, 1, 'Stock', 'Équipement en stock', 0, 0, 'badge text-75 border-l-3 brc-black-tp8 bgc-info text-white'),
(2, 2, 'Installé', 'Équipement installé en production', 1, 0, 'badge text-75 border-l-3 brc-black-tp8 bgc-success text-white'),
(3, 3, 'Standbye', 'Équipement de coté', 0, 0, 'badge text-75 border-l-3 brc-black-tp8 bgc-warning text-white'),
(4, 4, 'Recyclé', 'Équipement recyclé, jeté', 0, 0, 'badge text-75 border-l-3 brc-black-tp8 bgc-dark text-white');

CREATE TABLE `tassets_type` (
  `id` int(5) NOT NULL,
  `name` varchar(50) NOT NULL,
  `virtualization` int(1) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

INSERT INTO `tassets_type` (`id`, `name`, `virtualization`) VALUES
(1, 'PC', 0);

CREATE TABLE `tcategory` (
  `id` int(11) NOT NULL,
  `number` int(2) NOT NULL,
  `name` varchar(50) NOT NULL,
  `service` int(5) NOT NULL,
  `technician` int(10) NOT NULL,
  `technician_group` int(3) NOT NULL,
  `type` int(10) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

INSERT INTO `tcategory` (`id`, `number`, `name`, `service`, `technician`, `technician_group`, `type`) VALUES
(0, 0, 'Aucune', 0, 0, 0, 0),
(1, 0, 'Application', 0, 0, 0, 0),
(2, 0, 'Materiel', 0, 0, 0, 0);

CREATE TABLE `tincidents` (
  `id` int(10) NOT NULL,
  `type` int(3) NOT NULL DEFAULT 0,
  `type_answer` int(10) NOT NULL,
  `technician` int(10) NOT NULL,
  `t_group` int(5) NOT NULL,
  `title` varchar(100) NOT NULL,
  `description` longtext NOT NULL,
  `user` int(10) NOT NULL,
  `observer1` int(10) NOT NULL,
  `observer2` int(10) NOT NULL,
  `observer3` int(10) NOT NULL,
  `u_group` int(5) NOT NULL,
  `u_service` int(5) NOT NULL,
  `u_agency` int(5) NOT NULL,
  `sender_service` int(5) NOT NULL,
  `date_create` datetime NOT NULL,
  `date_hope` date NOT NULL,
  `date_res` datetime NOT NULL,
  `date_modif` datetime NOT NULL,
  `billable` int(1) NOT NULL,
  `state` int(1) NOT NULL,
  `user_validation` int(1) NOT NULL,
  `user_validation_date` date NOT NULL,
  `priority` int(2) NOT NULL,
  `criticality` int(2) NOT NULL,
  `img1` varchar(500) NOT NULL,
  `img2` varchar(500) NOT NULL,
  `img3` varchar(500) NOT NULL,
  `img4` varchar(500) NOT NULL,
  `img5` varchar(500) NOT NULL,
  `time` int(10) NOT NULL,
  `time_hope` int(10) NOT NULL,
  `creator` int(3) NOT NULL,
  `category` int(3) NOT NULL,
  `subcat` int(3) NOT NULL,
  `techread` int(1) NOT NULL DEFAULT 1,
  `techread_date` datetime NOT NULL,
  `userread` int(1) NOT NULL DEFAULT 1,
  `template` int(1) NOT NULL,
  `disable` int(1) NOT NULL,
  `notify` int(1) NOT NULL,
  `place` int(5) NOT NULL,
  `asset_id` int(8) NOT NULL,
  `start_availability` datetime NOT NULL,
  `end_availability` datetime NOT NULL,
  `availability_planned` int(1) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

CREATE TABLE `tplaces` (
  `id` int(5) NOT NULL,
  `name` varchar(60) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

INSERT INTO `tplaces` (`id`, `name`) VALUES
(0, 'Aucun');

CREATE TABLE `tservices` (
  `id` int(5) NOT NULL,
  `name` varchar(100) NOT NULL,
  `ldap_guid` varchar(50) NOT NULL,
  `disable` int(1) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

INSERT INTO `tservices` (`id`, `name`, `ldap_guid`, `disable`) VALUES
(0, 'Aucun', '', 0);

CREATE TABLE `tstates` (
  `id` int(11) NOT NULL,
  `number` int(2) NOT NULL,
  `name` varchar(50) NOT NULL,
  `description` varchar(200) NOT NULL,
  `mail_object` varchar(200) NOT NULL,
  `display` varchar(100) NOT NULL,
  `icon` varchar(512) NOT NULL,
  `meta` int(11) NOT NULL,
  `hide` int(1) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

INSERT INTO `tstates` (`id`, `number`, `name`, `description`, `mail_object`, `display`, `icon`, `meta`, `hide`) VALUES
(1, 2, 'Attente PEC', 'tickets en attente de prise en charge', 'Notification d\'ouverture', 'badge text-75 border-l-3 brc-black-tp8 bgc-primary text-white', 'fa-hourglass-start', 1, 0),
(2, 3, 'En cours', 'tickets en cours de traitement', 'Notification', 'badge text-75 border-l-3 brc-black-tp8 bgc-warning text-white', 'fa-bars-progress', 1, 0),
(3, 5, 'Résolu', 'tickets résolus', 'Notification de clôture', 'badge text-75 border-l-3 brc-black-tp8 bgc-success text-white', 'fa-check', 0, 0),
(4, 6, 'Rejeté', 'tickets rejetés', 'Notification de rejet', 'badge text-75 border-l-3 brc-black-tp8 bgc-dark text-white', 'fa-xmark', 0, 0),
(5, 1, 'Non attribué', 'tickets pas encore associés à un technicien', 'Notification de déclaration', 'badge text-75 border-l-3 brc-black-tp8 bgc-danger text-white', 'fa-user', 0, 0),
(6, 4, 'Attente retour', 'tickets en attente d\'éléments de la part du demandeur', 'Notification d\'attente de retour ', 'badge text-75 border-l-3 brc-black-tp8 bgc-pink text-white', 'fa-reply', 1, 0);

CREATE TABLE `tsubcat` (
  `id` int(10) NOT NULL,
  `cat` int(10) NOT NULL,
  `name` varchar(100) NOT NULL,
  `technician` int(10) NOT NULL,
  `technician_group` int(3) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

INSERT INTO `tsubcat` (`id`, `cat`, `name`, `technician`, `technician_group`) VALUES
(0, 0, 'Aucune', 0, 0),
(1, 1, 'Office', 0, 0),
(2, 2, 'PC', 0, 0);

CREATE TABLE `ttypes` (
  `id` int(5) NOT NULL,
  `name` varchar(50) NOT NULL,
  `service` int(5) NOT NULL,
  `user_validation` int(1) NOT NULL,
  `mail` varchar(512) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;

INSERT INTO `ttypes` (`id`, `name`, `service`, `user_validation`, `mail`) VALUES
(0, 'Aucun', 0, 0, ''),
(1, 'Demande', 0, 0, ''),
(2, 'Incident', 0, 0, '');

CREATE TABLE `tparameters` (
  `id` int(1) NOT NULL,
  `company` varchar(100) DEFAULT NULL,
  `server_timezone` varchar(100) NOT NULL,
  `version` varchar(10) NOT NULL,
  `last_version` varchar(16) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;
INSERT INTO `tparameters` (`id`, `company`, `server_timezone`, `version`, `last_version`) VALUES
(1, 'Société', '', '3.2.55', '');
