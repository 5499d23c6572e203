#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# mkfit.sh: pack the hypervisor, a compiled configuration tree and the guest
# images into one U-Boot FIT image.
#
#   tools/mkfit.sh OUT.itb HV.bin HV_LOAD HV_ENTRY CONFIG.dtb CONFIG_ADDR [NAME=PATH ...]
#
# The configuration and the images are FIT "loadables": U-Boot's bootm copies
# each to its load address before it starts the hypervisor. The images are
# placed one after another (64 KiB aligned) behind the configuration, and the
# configuration gets an /images/NAME { addr; size; } manifest, which is how
# the hypervisor finds them. The same layout serves QEMU's direct boot
# (tools/qemu-loaders.sh prints the matching -device loader options).
set -euo pipefail

[ $# -ge 6 ] || { echo "usage: $0 OUT.itb HV.bin HV_LOAD HV_ENTRY CONFIG.dtb CONFIG_ADDR [NAME=PATH ...]" >&2; exit 2; }
out=$1 hv=$2 hv_load=$3 hv_entry=$4 cfg_in=$5 cfg_addr=$6
shift 6

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cfg="$work/config.dtb"
cp "$cfg_in" "$cfg"

align() { echo $(( ($1 + 0xffff) & ~0xffff )); }

# Reserve room for the manifest before measuring the tree: one node per image.
next=$(align $(( cfg_addr + $(stat -c %s "$cfg") + 1024 + 128 * $# )))
declare -a names paths addrs
for spec in "$@"; do
	name=${spec%%=*} path=${spec#*=}
	[ -f "$path" ] || { echo "mkfit: image $name: no file $path" >&2; exit 1; }
	size=$(stat -c %s "$path")
	fdtput -p -c "$cfg" "/images/$name"
	fdtput -t x "$cfg" "/images/$name" addr "$(printf '%x' "$next")"
	fdtput -t x "$cfg" "/images/$name" size "$(printf '%x' "$size")"
	names+=("$name") paths+=("$(readlink -f "$path")") addrs+=("$next")
	next=$(align $(( next + size )))
done
if [ $(( cfg_addr + $(stat -c %s "$cfg") )) -gt "${addrs[0]:-$next}" ]; then
	echo "mkfit: the configuration tree outgrew its slot" >&2
	exit 1
fi

its="$work/image.its"
{
	echo '/dts-v1/;'
	echo '/ {'
	echo '	description = "Tessera hypervisor, configuration and guests";'
	echo '	#address-cells = <1>;'
	echo '	images {'
	echo '		kernel {'
	echo '			description = "Tessera hypervisor";'
	echo "			data = /incbin/(\"$(readlink -f "$hv")\");"
	echo '			type = "kernel"; arch = "powerpc"; os = "linux"; compression = "none";'
	printf '			load = <0x%x>; entry = <0x%x>;\n' "$hv_load" "$hv_entry"
	echo '		};'
	echo '		config {'
	echo '			description = "partition configuration";'
	echo "			data = /incbin/(\"$cfg\");"
	echo '			type = "firmware"; arch = "powerpc"; compression = "none";'
	printf '			load = <0x%x>;\n' "$cfg_addr"
	echo '		};'
	for i in "${!names[@]}"; do
		echo "		img-${names[$i]} {"
		echo "			description = \"guest image ${names[$i]}\";"
		echo "			data = /incbin/(\"${paths[$i]}\");"
		echo '			type = "firmware"; arch = "powerpc"; compression = "none";'
		printf '			load = <0x%x>;\n' "${addrs[$i]}"
		echo '		};'
	done
	echo '	};'
	echo '	configurations {'
	echo '		default = "conf";'
	echo '		conf {'
	echo '			description = "Tessera";'
	echo '			kernel = "kernel";'
	printf '			loadables = "config"'
	for n in "${names[@]}"; do printf ', "img-%s"' "$n"; done
	echo ';'
	echo '		};'
	echo '	};'
	echo '};'
} > "$its"
mkimage -f "$its" "$out" >/dev/null
# The loader options for QEMU's direct boot, next to the FIT.
{
	printf -- '-device loader,file=%s,addr=0x%x,force-raw=on\n' "$(readlink -f "$out").config.dtb" "$cfg_addr"
	for i in "${!names[@]}"; do
		printf -- '-device loader,file=%s,addr=0x%x,force-raw=on\n' "${paths[$i]}" "${addrs[$i]}"
	done
} > "$out.loaders"
cp "$cfg" "$out.config.dtb"
