package banyan.legacy.kb.web;

import banyan.contracts.kb.KbSearchPage;
import banyan.legacy.kb.Article;
import banyan.legacy.kb.ArticleManagement;
import banyan.legacy.kb.ArticleSearch;
import banyan.legacy.kb.ArticleStatus;
import banyan.legacy.kb.Articles;
import banyan.legacy.problem.BackOfficePages;
import banyan.legacy.problem.KnownFailure;
import banyan.legacy.user.SignedInUser;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The back-office pages for articles: list, write, edit, publish, archive, search. Plain
 * forms; no JavaScript needed.
 */
@Controller
@BackOfficePages
class ArticlePages {

	private final Articles articles;

	private final ArticleManagement management;

	private final ArticleSearch search;

	ArticlePages(Articles articles, ArticleManagement management, ArticleSearch search) {
		this.articles = articles;
		this.management = management;
		this.search = search;
	}

	@GetMapping("/")
	String home() {
		return "redirect:/admin/articles";
	}

	@GetMapping("/admin/articles")
	String list(@AuthenticationPrincipal SignedInUser user,
			@RequestParam(required = false) @Nullable ArticleStatus status, @RequestParam(defaultValue = "0") int page,
			Model model) {
		var request = PageRequest.of(Math.max(page, 0), 20, Sort.by(Sort.Direction.DESC, "updatedAt"));
		model.addAttribute("page",
				(status != null) ? this.articles.findByTenantIdAndStatus(user.tenantId(), status, request)
						: this.articles.findByTenantId(user.tenantId(), request));
		model.addAttribute("status", status);
		model.addAttribute("statuses", ArticleStatus.values());
		return "admin/articles";
	}

	@GetMapping("/admin/articles/new")
	String write(Model model) {
		model.addAttribute("form", new ArticleForm());
		return "admin/article-form";
	}

	@PostMapping("/admin/articles")
	String create(@AuthenticationPrincipal SignedInUser user, @Valid @ModelAttribute("form") ArticleForm form,
			BindingResult errors, RedirectAttributes redirect) {
		if (errors.hasErrors()) {
			return "admin/article-form";
		}
		Article article = this.management.write(user.tenantId(), form.content(), user.username());
		redirect.addFlashAttribute("notice", "Draft saved.");
		return "redirect:/admin/articles/" + article.id();
	}

	@GetMapping("/admin/articles/{id}")
	String edit(@AuthenticationPrincipal SignedInUser user, @PathVariable long id, Model model) {
		Article article = this.management.find(user.tenantId(), id);
		model.addAttribute("form", ArticleForm.of(article));
		return form(model, article);
	}

	@PostMapping("/admin/articles/{id}")
	String update(@AuthenticationPrincipal SignedInUser user, @PathVariable long id,
			@Valid @ModelAttribute("form") ArticleForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		Article article = this.management.find(user.tenantId(), id);
		if (errors.hasErrors()) {
			return form(model, article);
		}
		try {
			this.management.revise(user.tenantId(), id, form.getVersion(), form.content(), user.username());
		}
		catch (KnownFailure refused) {
			errors.reject("refused", refused.getMessage());
			return form(model, article);
		}
		redirect.addFlashAttribute("notice", "Saved.");
		return "redirect:/admin/articles/" + id;
	}

	@PostMapping("/admin/articles/{id}/publish")
	String publish(@AuthenticationPrincipal SignedInUser user, @PathVariable long id,
			@RequestParam(required = false) @Nullable Long version, RedirectAttributes redirect) {
		return lifecycle(() -> this.management.publish(user.tenantId(), id, version, user.username()), "Published.", id,
				redirect);
	}

	@PostMapping("/admin/articles/{id}/archive")
	String archive(@AuthenticationPrincipal SignedInUser user, @PathVariable long id,
			@RequestParam(required = false) @Nullable Long version, RedirectAttributes redirect) {
		return lifecycle(() -> this.management.archive(user.tenantId(), id, version, user.username()), "Archived.", id,
				redirect);
	}

	@GetMapping("/admin/search")
	String search(@AuthenticationPrincipal SignedInUser user, @RequestParam(required = false) @Nullable String q,
			@RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("q", q);
		if (q != null && !q.isBlank()) {
			if (q.length() > KbSearchPage.MAX_QUERY_LENGTH || page < 0 || page > KbSearchPage.MAX_PAGE) {
				model.addAttribute("error", "Use at most " + KbSearchPage.MAX_QUERY_LENGTH + " characters.");
			}
			else {
				model.addAttribute("result",
						this.search.search(user.tenantId(), q.strip(), page, KbSearchPage.DEFAULT_SIZE));
			}
		}
		return "admin/search";
	}

	private String lifecycle(Runnable change, String notice, long id, RedirectAttributes redirect) {
		try {
			change.run();
			redirect.addFlashAttribute("notice", notice);
		}
		catch (KnownFailure refused) {
			if (refused.kind() == KnownFailure.Kind.NOT_FOUND) {
				throw refused;
			}
			redirect.addFlashAttribute("notice", refused.getMessage());
		}
		return "redirect:/admin/articles/" + id;
	}

	private static String form(Model model, Article article) {
		model.addAttribute("id", article.id());
		model.addAttribute("article", article);
		return "admin/article-form";
	}

}
