"""SQLite backend that knows SQLite's real bound-parameter limit.

Django assumes 999 parameters per statement on SQLite, which splits one bulk insert of a
2,000-learner chunk into dozens of statements. SQLite has allowed 32,766 since 3.32; this
backend asks the connection for its limit so a chunk stays one statement (see
docs/decisions/0003-sqlite-parameter-limit.md).
"""

import sqlite3

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self) -> int:
        self.connection.ensure_connection()
        return self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
