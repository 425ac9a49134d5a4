package sqlstore

import (
	"context"

	"canbo/rules"
)

// RuleSet returns the rule parameter versions the computations must use: the embedded defaults
// for now; versions added by administrators will be stored in the database and merged here.
func (d *DB) RuleSet(ctx context.Context) (*rules.Set, error) {
	return rules.Defaults(), nil
}
