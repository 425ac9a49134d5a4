package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"canbo"
	"canbo/adminunits"
	"canbo/auth"
	"canbo/demo"
	"canbo/sqlstore"
)

// dataDir is where the demo keeps its database: $CANBO_DATA_DIR, else the XDG data directory.
func dataDir() (string, error) {
	if d := env("data-dir", ""); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "canbo"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share", "canbo"), nil
}

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	dir, err := dataDir()
	if err != nil {
		return err
	}
	fs := newFlags("demo")
	db := fs.String("db", filepath.Join(dir, "demo.db"), "demo database")
	addr := fs.str("addr", "127.0.0.1:8080", "listen address (another free port is used if this one is taken)")
	open := fs.Bool("open", true, "open the demo in a browser when one is available")
	if err := fs.Parse(args); err != nil {
		return err
	}
	start := time.Now()
	store, err := openStore(ctx, *db, "")
	if err != nil {
		return err
	}
	defer store.Close()
	sys := canbo.SystemContext(ctx)
	fmt.Fprintf(stdout, "canbo demo: database %s\n", *db)
	rep, err := adminunits.Import(sys, store)
	if err != nil {
		return err
	}
	if rep.Ran {
		fmt.Fprintln(stdout, rep.Summary)
	}
	if _, err := demo.Trees(sys, store); err != nil {
		return err
	}
	if rep, err := demo.GeneratePeople(sys, store, "demo", 1, 0); err != nil {
		return err
	} else if rep.Ran {
		fmt.Fprintln(stdout, rep.Summary)
	}
	// The generated people include posts in wards the 2025 reform ended: carry them to the
	// wards that succeeded them, as the events would have, so the demo's lists are whole.
	if carried, _, err := store.RepairCarry(sys, false); err != nil {
		return err
	} else if len(carried) > 0 {
		fmt.Fprintf(stdout, "%d chức vụ, sinh hoạt đảng chuyển theo sắp xếp đơn vị\n", len(carried))
	}
	// Salary steps, secondments and disciplines, so that Nhắc việc has every kind to show.
	if n, err := demo.GenerateEntries(sys, store, 1); err != nil {
		return err
	} else if n > 0 {
		fmt.Fprintf(stdout, "%d mục quá trình công tác\n", n)
	}
	// Ward committees of fewer than 30 members re-formed as chi bộ cơ sở (the Charter's rule),
	// before the neighbourhood cells of the others are consolidated.
	if n, err := demo.Grassroots(sys, store); err != nil {
		return err
	} else if n > 0 {
		fmt.Fprintf(stdout, "%d đảng bộ phường, xã dưới 30 đảng viên tổ chức lại thành chi bộ cơ sở\n", n)
	}
	// Neighbourhood cells as a ward keeps them: the empty ones dissolved, the others linked to
	// their khu phố, ấp or building, a few left small or unlinked for the health page to show.
	if d, l, s, err := demo.Neighbourhoods(sys, store, 1); err != nil {
		return err
	} else if d+l+s > 0 {
		fmt.Fprintf(stdout, "chi bộ khu dân cư: %d giải thể, %d gắn địa bàn, %d còn ít đảng viên\n", d, l, s)
	}
	// Cell secretaries and a draft consolidation plan, so that the party health page shows a
	// handful of vacancies rather than every cell and Đề án has a plan to preview and apply.
	// After the entries: a neighbourhood cell's secretary, often retired, draws no salary steps.
	if n, err := demo.Secretaries(sys, store, 1); err != nil {
		return err
	} else if n > 0 {
		fmt.Fprintf(stdout, "%d bí thư chi bộ\n", n)
	}
	if id, err := demo.ConsolidationPlan(sys, store); err != nil {
		return err
	} else if id > 0 {
		fmt.Fprintf(stdout, "đề án kiện toàn #%d (bản nháp)\n", id)
	}
	// The year's work programmes of the City Party Committee and a ward, with their statuses.
	if ok, err := demo.Programmes(sys, store, time.Now().Year()); err != nil {
		return err
	} else if ok {
		fmt.Fprintln(stdout, "chương trình công tác năm của Thành ủy và một đảng ủy phường")
	}
	// Quotas near each state unit's headcount, some over and most a little under, job positions
	// in the first wards and departments, and the city's streamlining target.
	if n, err := demo.Staffing(sys, store, 1); err != nil {
		return err
	} else if n > 0 {
		fmt.Fprintf(stdout, "%d biên chế được giao\n", n)
	}
	// A cohort of ward cadres seconded to Sở Xây dựng for on-the-job training (issue 17).
	if n, err := demo.Secondments(sys, store); err != nil {
		return err
	} else if n > 0 {
		fmt.Fprintf(stdout, "biệt phái: %d cán bộ phường đào tạo tại chỗ tại Sở Xây dựng\n", n)
	}
	// A 2025–2030 cadre plan of a ward party committee and its congress preparation.
	if pools, cands, err := demo.Planning(sys, store); err != nil {
		return err
	} else if pools > 0 {
		fmt.Fprintf(stdout, "quy hoạch: %d chức danh, %d người; chuẩn bị đại hội nhiệm kỳ 2025–2030\n", pools, cands)
	}
	// The year's training plans of the city and three wards, courses and completions that
	// write into the people's records and close a planned cadre's training gap.
	if plans, courses, done, err := demo.Training(sys, store); err != nil {
		return err
	} else if plans > 0 {
		fmt.Fprintf(stdout, "đào tạo: %d kế hoạch, %d khóa học, %d người hoàn thành\n", plans, courses, done)
	}
	password, err := demoAdmin(ctx, store, filepath.Join(filepath.Dir(*db), "demo-admin-password.txt"))
	if err != nil {
		return err
	}
	// Fall back to any free port when the usual one is taken, so the demo always starts.
	if ln, err := net.Listen("tcp", *addr); err != nil {
		*addr = "127.0.0.1:0"
	} else {
		ln.Close()
	}
	// The demo's administrator signs in with the printed password alone; a real deployment
	// (canbo serve) requires a second factor for administrators.
	return serve(ctx, store, serveOptions{addr: *addr, adminTOTP: false}, stderr, func(url string) {
		fmt.Fprintf(stdout, "\nReady in %.1fs. Open %s\n  username: admin\n  password: %s\n\n", time.Since(start).Seconds(), url, password)
		if *open {
			openBrowser(url)
		}
	})
}

// demoAdmin creates the demo administrator on first run with a random password kept beside
// the demo database (mode 0600), and reads it back on later runs.
func demoAdmin(ctx context.Context, store *sqlstore.DB, file string) (string, error) {
	_, _, err := store.FindUserByUsername(ctx, "admin")
	if err == nil {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("demo admin exists but its password file is missing: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	} else if canbo.ErrorCode(err) != canbo.ENOTFOUND {
		return "", err
	}
	password := auth.NewToken()[:16]
	hash, err := auth.HashPassword(password)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(file, []byte(password+"\n"), 0o600); err != nil {
		return "", err
	}
	if err := store.CreateUser(canbo.SystemContext(ctx), &canbo.User{Username: "admin", Role: canbo.RoleAdmin}, hash); err != nil {
		return "", err
	}
	return password, nil
}

// openBrowser opens url in the desktop's browser when there is a desktop; failure is harmless.
func openBrowser(url string) {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return
	}
	for _, cmd := range []string{"xdg-open", "sensible-browser"} {
		if path, err := exec.LookPath(cmd); err == nil {
			c := exec.Command(path, url)
			if err := c.Start(); err == nil {
				go c.Wait()
				return
			}
		}
	}
}
